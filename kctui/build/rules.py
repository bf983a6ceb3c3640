"""The curation rules the build enforces: vocabularies, id forms, CSV columns, derivations.

Everything here is data, stated once: :mod:`kctui.build.validate` checks rows against
it, :mod:`kctui.build.cache` hashes the files it names, CURATION.md explains it.
"""

from __future__ import annotations

import re

from kctui.core.amounts import CURRENCIES

TOPICS = frozenset(
    [
        "results",
        "segments",
        "costs",
        "customers",
        "guidance",
        "financing",
        "ipo",
        "stock",
        "shareholding",
        "market_share",
        "competitors",
        "peers",
        "kingsoft",
        "ai",
        "profile",
        "filings",
        "estimates",
    ]
)
QUALIFIERS = frozenset({"reported", "guidance", "estimate", "approx", "bound"})
ENTITY_KINDS = frozenset(
    {
        "company",
        "competitor",
        "peer",
        "index",
        "investor",
        "customer",
        "shareholder",
        "associate",
        "acquisition",
    }
)
METRIC_UNITS: dict[str, tuple[str, ...]] = {
    "money": CURRENCIES,
    "%": ("%",),
    "pp": ("pp",),
    "count": ("count",),
    "x": ("x",),
}
LANGUAGES = frozenset({"en", "de", "zh"})
SOURCES_FOLDER = "sources"
"""The folder beside the CSVs holding each source document's text (``file``)."""
YES_NO = {"yes": True, "no": False, "": False}

# Derived figures: output metric, kind, input a, input b, unit.
DERIVATION_RULES: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("revenue_yoy", "yoy", "revenue", None, "%"),
    ("revenue_qoq", "qoq", "revenue", None, "%"),
    ("gross_profit_yoy", "yoy", "gross_profit", None, "%"),
    ("net_loss_yoy", "yoy", "net_loss", None, "%"),
    ("public_cloud_revenue_yoy", "yoy", "public_cloud_revenue", None, "%"),
    ("public_cloud_revenue_qoq", "qoq", "public_cloud_revenue", None, "%"),
    ("industry_cloud_revenue_yoy", "yoy", "industry_cloud_revenue", None, "%"),
    ("industry_cloud_revenue_qoq", "qoq", "industry_cloud_revenue", None, "%"),
    ("ai_revenue_yoy", "yoy", "ai_revenue", None, "%"),
    ("premium_customers_yoy", "yoy", "premium_customers", None, "%"),
    ("gross_margin", "ratio", "gross_profit", "revenue", "%"),
    ("public_cloud_share_of_revenue", "ratio", "public_cloud_revenue", "revenue", "%"),
    ("industry_cloud_share_of_revenue", "ratio", "industry_cloud_revenue", "revenue", "%"),
    ("ai_share_of_public_cloud", "ratio", "ai_revenue", "public_cloud_revenue", "%"),
    ("premium_customer_revenue_share", "ratio", "premium_customer_revenue", "revenue", "%"),
    ("gross_margin_yoy_change", "diff_yoy", "gross_margin", None, "pp"),
    ("adjusted_gross_margin_yoy_change", "diff_yoy", "adjusted_gross_margin", None, "pp"),
    # The rate a source used where it states a figure in both currencies.
    ("implied_cny_per_usd", "fx", "revenue", None, "x"),
)

#: Every curated CSV's columns, in order; the keys are the tables, in build order.
SCHEMAS: dict[str, tuple[str, ...]] = {
    "sources": (
        "source_id",
        "file",
        "sha256",
        "title",
        "publisher",
        "published",
        "approximate",
        "language",
        "machine_translated_from",
        "url",
        "note",
    ),
    "excerpts": ("excerpt_id", "source_id", "first_line", "last_line", "text", "topic"),
    "entities": ("entity", "name", "kind", "ticker", "note"),
    "metrics": ("metric", "label", "unit", "description"),
    "facts": (
        "fact_id",
        "entity",
        "metric",
        "period",
        "value",
        "unit",
        "qualifier",
        "as_stated",
        "reading",
        "excerpt_id",
        "note",
    ),
    "financing_rounds": (
        "round_id",
        "announced",
        "round",
        "amount",
        "currency",
        "investors",
        "as_stated",
        "reading",
        "excerpt_id",
        "note",
    ),
    "events": ("event_id", "period", "entity", "event", "excerpt_id", "note"),
    "conflict_causes": ("fact_a", "fact_b", "likely_wrong", "cause"),
}
ID_PATTERNS = {
    "sources": re.compile(r"S\d{3}"),
    "excerpts": re.compile(r"e\d{3}-\d{2,3}"),
    # Four digits for curated facts (f0001…); up to six so bench/synthetic.py's 1000x
    # dataset (240,000 facts) passes the same validation.
    "facts": re.compile(r"f\d{4,6}"),
    "financing_rounds": re.compile(r"r\d{2}"),
    "events": re.compile(r"v\d{3}"),
    "entities": re.compile(r"[A-Z][A-Z0-9_]*"),
    "metrics": re.compile(r"[a-z][a-z0-9_]*"),
}

TABLE_NAMES: tuple[str, ...] = tuple(SCHEMAS)
"""The curated CSVs a database is built from, one per table."""
