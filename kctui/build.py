"""Validate the curated CSVs and build the DuckDB file.

``kctui build`` reads ``data/*.csv``, checks every row (types, units, period forms,
excerpt present and containing ``as_stated``, unique ids, known entities and metrics,
value equal to the parse of ``as_stated``), and only then writes the database: to a
temporary file beside the target, renamed over it at the end, so a failed or
interrupted build never leaves a half-written or missing database behind.

Errors are collected, not raised one by one: the curator sees every
``file:line: column: problem`` at once.
"""

from __future__ import annotations

import csv
import math
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kctui import __version__, queries
from kctui.dataset import SCHEMA_SQL, SCHEMA_VERSION, TABLE_NAMES, content_hash
from kctui.parse import CURRENCIES, UNITS, ParseError, parse_amount, parse_period

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
QUALIFIERS = frozenset({"reported", "guidance", "estimate", "approx"})
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
METRIC_UNITS = {"money": CURRENCIES, "%": ("%",), "pp": ("pp",), "count": ("count",), "x": ("x",)}
LANGUAGES = frozenset({"en", "de", "zh"})
#: An approximate statement ("nearly 40%", "more than 800 million") is taken to mean
#: anything within this relative distance of its figure.
APPROX_TOLERANCE = 0.10

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
)

# Every table's columns, in order, with the COMMENT the schema browser shows.
TABLE_COMMENTS: dict[str, str] = {
    "meta": "Build information: schema version, hash of the curated data, kctui version",
    "sources": "Source documents the curated figures are quoted from",
    "excerpts": "Verbatim quotes from the sources; every fact and round points to one",
    "entities": "Companies, competitors, peers, investors, customers and indices",
    "metrics": "The metric vocabulary: label, unit family and meaning",
    "facts": "One number a source states, normalised to base units, with its exact words",
    "financing_rounds": "KC's financing events from Xiaomi's first cheque to the 2020 IPO",
    "events": "Dated events in KC's history that carry no number (founding, listings, launches…)",
    "derivation_rules": "How derived figures (growth, margins, shares) are computed",
    "stated_best": "The most precise reported (else approximate) statement per entity/metric/period/unit",
    "derived_facts": "Growth rates, margins and shares computed wherever both inputs are stated",
    "dashboard_facts": "What the dashboard loads at launch, computed at build time: figures, with the one shown and conflicts flagged",
    "facts_all": "Stated and derived figures together; derived rows carry their formula",
    "best_facts": "The figure to show per entity/metric/period/unit: reported, else approx, else derived",
    "quarterly_results": "KC's quarterly results, one row per reported quarter (gaps stay gaps)",
    "annual_results": "KC's fiscal-year results from FY2017",
    "competitors": "Market shares, competitors' and peers' figures beside KC's, per entity and period",
    "conflicts": "Statements of one entity/metric/period/unit that disagree beyond rounding",
    "fact_sources": "Every stated fact joined to its excerpt and source (provenance)",
}
COLUMN_COMMENTS: dict[str, str] = {
    "key": "Setting name",
    "value": "Value in base units (yuan, dollars, percent numbers, pp, counts)",
    "source_id": "Source document id (S000…)",
    "file": "File name of the source text in shared/seeds",
    "title": "Title of the document",
    "publisher": "Who published it",
    "published": "Date the document speaks from",
    "language": "Language of the text (en, de, zh)",
    "url": "Where it was published, if known",
    "note": "Curator's note",
    "excerpt_id": "Excerpt id (e001-01…)",
    "text": "The exact words of the source",
    "topic": "What the excerpt is about",
    "entity": "Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)",
    "name": "Full name",
    "kind": "Kind of entity, or of derivation/conflict",
    "ticker": "Exchange ticker(s)",
    "metric": "Metric name (see the metrics table)",
    "label": "Human label of the metric",
    "unit": "Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)",
    "description": "What the metric measures",
    "fact_id": "Fact id (f0001…; derived ids start with d:)",
    "period": "Period: FY2021, 2021Q4, 2017H1, TTM, 2013-08 or 2022-06-23",
    "period_kind": "FY, Q, H, M, D or TTM",
    "period_start": "First day of the period",
    "period_end": "Last day of the period (the date of a point-in-time figure)",
    "prev_year_period": "The same period a year earlier",
    "prev_period": "The period just before",
    "value_lo": "Lowest value the stated rounding allows",
    "value_hi": "Highest value the stated rounding allows",
    "qualifier": "reported, guidance, estimate, approx or derived",
    "as_stated": "The amount exactly as the source writes it",
    "reading": "Override of the words' literal meaning (scale=1e8 for a 'Billion' that is 亿…)",
    "round_id": "Round id (r01…)",
    "announced": "When the round was announced (period text)",
    "announced_date": "Last day of the announced period",
    "round": "Round name (Seed, A, B, C, C+, D, D+, IPO…)",
    "amount": "Amount raised in base units of the currency (NULL where no source states it)",
    "currency": "Currency of the amount",
    "investors": "Investors named by the source",
    "event_id": "Event id (v001…)",
    "event": "What happened, in the curator's words (the excerpt has the source's)",
    "output_metric": "Metric the rule produces",
    "input_a": "Numerator, or the metric whose growth is taken",
    "input_b": "Denominator of a ratio",
    "formula": "How a derived figure was computed from its inputs",
    "inputs": "Fact ids of a derived figure's inputs",
    "revenue": "Revenue (CNY unless the column says otherwise)",
    "revenue_usd": "Revenue as stated in US dollars",
    "revenue_yoy": "Revenue growth year on year, %",
    "revenue_qoq": "Revenue growth quarter on quarter, %",
    "gross_profit": "Gross profit, CNY",
    "gross_margin": "Gross margin, %",
    "adjusted_gross_margin": "Adjusted (non-GAAP) gross margin, %",
    "net_loss": "Net loss, CNY (positive = a loss)",
    "net_loss_yoy": "Change of the net loss year on year, %",
    "public_cloud_revenue": "Public cloud revenue, CNY",
    "public_cloud_revenue_yoy": "Public cloud revenue growth year on year, %",
    "industry_cloud_revenue": "Industry (enterprise) cloud revenue, CNY",
    "industry_cloud_revenue_yoy": "Industry cloud revenue growth year on year, %",
    "ai_revenue": "AI-related revenue, CNY",
    "ai_revenue_yoy": "AI-related revenue growth year on year, %",
    "ai_share_of_public_cloud": "AI revenue as a percent of public cloud revenue",
    "public_cloud_share_of_revenue": "Public cloud revenue as a percent of revenue",
    "cloud_delivery_revenue": "Cloud delivery (CDN) revenue, CNY",
    "idc_cost": "IDC (data-centre) cost, CNY",
    "operating_cash_flow": "Operating cash flow, CNY",
    "rd_expense": "R&D expense, CNY",
    "premium_customers": "Number of premium customers",
    "eps_usd": "EPS per ADS as stated in US dollars",
    "figures": "How many figures the row is built from",
    "revenue_unit": "Currency of the revenue column",
    "revenue_cny": "Revenue in yuan",
    "revenue_growth": "Revenue growth, %",
    "market_share": "China public cloud IaaS market share, %",
    "market_rank": "China public cloud IaaS rank",
    "market_cap": "Market value",
    "gross_margin_change": "Change of gross margin, pp",
    "pe_ttm": "Price/earnings, trailing twelve months",
    "roe_ttm": "Return on equity, trailing twelve months, %",
    "debt_to_assets": "Debt to assets, %",
    "fact_a": "First statement's fact id",
    "value_a": "First statement's value",
    "as_stated_a": "First statement's words",
    "excerpt_a": "First statement's excerpt",
    "fact_b": "Second statement's fact id (d:… when derived)",
    "value_b": "Second statement's value",
    "as_stated_b": "Second statement's words, or the derived formula",
    "excerpt_b": "Second statement's excerpt (NULL when derived)",
    "difference": "value_b - value_a",
    "excerpt": "The excerpt's text",
    "best": "Whether this statement is the figure shown for its entity/metric/period/unit",
    "conflict": "Whether statements of this entity/metric/period disagree beyond rounding",
}


@dataclass
class Problem:
    """One validation failure, reported as ``file:line: column: problem``."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class BuildError(Exception):
    """The curated data did not validate, or the database could not be written."""

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = problems if isinstance(problems, list) else []
        message = problems if isinstance(problems, str) else "\n".join(map(str, problems))
        super().__init__(message)


@dataclass
class Validated:
    """Validated, normalised rows ready to insert."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


SCHEMAS: dict[str, tuple[str, ...]] = {  # keys in TABLE_NAMES order
    "sources": ("source_id", "file", "title", "publisher", "published", "language", "url", "note"),
    "excerpts": ("excerpt_id", "source_id", "text", "topic"),
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


def _read_csv(
    path: Path, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row, reporting shape problems."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        problems.append(Problem(name, 0, "-", f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                problems.append(Problem(name, 1, "-", "empty file (expected a header row)"))
                return
            header = [h.strip() for h in header]
            if tuple(header) != columns:
                missing = [c for c in columns if c not in header]
                extra = [c for c in header if c not in columns]
                detail = []
                if missing:
                    detail.append("missing " + ", ".join(missing))
                if extra:
                    detail.append("unexpected " + ", ".join(extra))
                if not detail:
                    detail.append("columns out of order")
                problems.append(
                    Problem(
                        name, 1, "header", f"{'; '.join(detail)} (expected {','.join(columns)})"
                    )
                )
                return
            line = reader.line_num + 1
            for row in reader:
                start, line = line, reader.line_num + 1
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(columns):
                    problems.append(
                        Problem(name, start, "-", f"{len(row)} fields, expected {len(columns)}")
                    )
                    continue
                yield start, dict(zip(columns, row, strict=True))
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, reader.line_num + 1, "-", f"not UTF-8 ({exc.reason})"))
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, "-", f"malformed CSV ({exc})"))


def _null(text: str) -> str | None:
    text = text.strip()
    return text or None


def validate(data_dir: Path) -> Validated:
    """Read and check every CSV; return normalised rows and every problem found."""
    ds = Validated()
    problems = ds.problems
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {
        table: list(_read_csv(data_dir / f"{table}.csv", cols, problems))
        for table, cols in SCHEMAS.items()
    }
    seen: dict[str, dict[str, int]] = {}
    for table, items in rows.items():
        ids = seen.setdefault(table, {})
        key = SCHEMAS[table][0]
        for line, row in items:
            ident = row[key].strip()
            if not ID_PATTERNS[table].fullmatch(ident):
                problems.append(Problem(f"{table}.csv", line, key, f"bad id {ident!r}"))
            elif ident in ids:
                problems.append(
                    Problem(
                        f"{table}.csv",
                        line,
                        key,
                        f"duplicate id {ident!r} (first on line {ids[ident]})",
                    )
                )
            else:
                ids[ident] = line

    def err(table: str, line: int, column: str, message: str) -> None:
        problems.append(Problem(f"{table}.csv", line, column, message))

    def need(table: str, line: int, row: dict[str, str], *columns: str) -> bool:
        ok = True
        for column in columns:
            if not row[column].strip():
                err(table, line, column, "empty (required)")
                ok = False
        return ok

    out = ds.tables
    out["sources"] = []
    for line, r in rows["sources"]:
        need("sources", line, r, "file", "title", "publisher", "published", "language")
        try:
            published = date.fromisoformat(r["published"].strip())
        except ValueError:
            err("sources", line, "published", f"bad date {r['published']!r} (expected YYYY-MM-DD)")
            published = None
        if r["language"].strip() and r["language"].strip() not in LANGUAGES:
            err("sources", line, "language", f"unknown language {r['language']!r}")
        out["sources"].append(
            (
                r["source_id"].strip(),
                r["file"].strip(),
                r["title"],
                r["publisher"],
                published,
                r["language"].strip(),
                _null(r["url"]),
                _null(r["note"]),
            )
        )

    excerpt_text: dict[str, str] = {}
    out["excerpts"] = []
    for line, r in rows["excerpts"]:
        need("excerpts", line, r, "text", "topic")
        if r["source_id"].strip() not in seen["sources"]:
            err("excerpts", line, "source_id", f"unknown source {r['source_id']!r}")
        if r["topic"].strip() and r["topic"].strip() not in TOPICS:
            err("excerpts", line, "topic", f"unknown topic {r['topic']!r}")
        if r["text"] != r["text"].strip():
            err("excerpts", line, "text", "leading or trailing whitespace")
        excerpt_text[r["excerpt_id"].strip()] = r["text"]
        out["excerpts"].append(
            (r["excerpt_id"].strip(), r["source_id"].strip(), r["text"], r["topic"].strip())
        )

    out["entities"] = []
    for line, r in rows["entities"]:
        need("entities", line, r, "name", "kind")
        if r["kind"].strip() and r["kind"].strip() not in ENTITY_KINDS:
            err("entities", line, "kind", f"unknown kind {r['kind']!r}")
        out["entities"].append(
            (
                r["entity"].strip(),
                r["name"],
                r["kind"].strip(),
                _null(r["ticker"]),
                _null(r["note"]),
            )
        )

    metric_unit: dict[str, str] = {}
    out["metrics"] = []
    for line, r in rows["metrics"]:
        need("metrics", line, r, "label", "unit")
        unit = r["unit"].strip()
        if unit and unit not in METRIC_UNITS:
            err(
                "metrics",
                line,
                "unit",
                f"unknown unit family {unit!r} (use {', '.join(METRIC_UNITS)})",
            )
        metric_unit[r["metric"].strip()] = unit
        out["metrics"].append((r["metric"].strip(), r["label"], unit, _null(r["description"])))

    def check_excerpt(table: str, line: int, r: dict[str, str]) -> None:
        eid = r["excerpt_id"].strip()
        if eid not in excerpt_text:
            err(table, line, "excerpt_id", f"unknown excerpt {eid!r}")
        elif r["as_stated"] and r["as_stated"] not in excerpt_text[eid]:
            err(table, line, "as_stated", f"{r['as_stated']!r} is not in excerpt {eid}")

    out["facts"] = []
    for line, r in rows["facts"]:
        if not need(
            "facts",
            line,
            r,
            "entity",
            "metric",
            "period",
            "value",
            "unit",
            "qualifier",
            "as_stated",
            "excerpt_id",
        ):
            continue
        entity, metric, unit = r["entity"].strip(), r["metric"].strip(), r["unit"].strip()
        qualifier = r["qualifier"].strip()
        if entity not in seen["entities"]:
            err("facts", line, "entity", f"unknown entity {entity!r} (add it to entities.csv)")
        if metric not in seen["metrics"]:
            err("facts", line, "metric", f"unknown metric {metric!r} (add it to metrics.csv)")
        if unit not in UNITS:
            err("facts", line, "unit", f"unknown unit {unit!r} (use {', '.join(UNITS)})")
        elif metric in metric_unit and unit not in METRIC_UNITS.get(metric_unit[metric], ()):
            err(
                "facts",
                line,
                "unit",
                f"{unit} does not fit metric {metric} ({metric_unit[metric]})",
            )
        if qualifier not in QUALIFIERS:
            hint = " (derived figures are computed by the build)" if qualifier == "derived" else ""
            err("facts", line, "qualifier", f"unknown qualifier {qualifier!r}{hint}")
        check_excerpt("facts", line, r)
        try:
            period = parse_period(r["period"].strip())
        except ParseError as exc:
            err("facts", line, "period", str(exc))
            continue
        try:
            value = float(r["value"])
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            err("facts", line, "value", f"not a number: {r['value']!r}")
            continue
        try:
            amount = parse_amount(r["as_stated"], r["reading"])
        except ParseError as exc:
            err("facts", line, "reading" if r["reading"].strip() else "as_stated", str(exc))
            continue
        if r["reading"].strip() and not r["note"].strip():
            err("facts", line, "note", "a reading override needs a note saying why")
        if not math.isclose(value, amount.value, rel_tol=1e-12, abs_tol=1e-12):
            err(
                "facts",
                line,
                "value",
                f"{r['value']} but {r['as_stated']!r} reads as {amount.value:g}"
                + (f" with reading {r['reading']!r}" if r["reading"].strip() else ""),
            )
        parsed_unit = amount.unit or ("count" if unit == "count" else "x" if unit == "x" else None)
        if unit in UNITS and parsed_unit != unit:
            err(
                "facts",
                line,
                "unit",
                f"{unit} but {r['as_stated']!r} reads as {amount.unit or 'a bare number'}",
            )
        lo, hi = amount.lo, amount.hi
        if qualifier == "approx":
            spread = abs(value) * APPROX_TOLERANCE
            lo, hi = min(lo, value - spread), max(hi, value + spread)
        out["facts"].append(
            (
                r["fact_id"].strip(),
                entity,
                metric,
                period.text,
                period.kind,
                period.start,
                period.end,
                period.prev_year,
                period.prev,
                value,
                lo,
                hi,
                unit,
                qualifier,
                r["as_stated"],
                _null(r["reading"]),
                r["excerpt_id"].strip(),
                _null(r["note"]),
            )
        )

    out["financing_rounds"] = []
    for line, r in rows["financing_rounds"]:
        if not need("financing_rounds", line, r, "announced", "round", "excerpt_id"):
            continue
        check_excerpt("financing_rounds", line, r)
        try:
            announced = parse_period(r["announced"].strip())
        except ParseError as exc:
            err("financing_rounds", line, "announced", str(exc))
            continue
        currency = _null(r["currency"])
        if currency is not None and currency not in CURRENCIES:
            err("financing_rounds", line, "currency", f"unknown currency {currency!r}")
        amount_value: float | None = None
        if r["amount"].strip():
            try:
                amount_value = float(r["amount"])
            except ValueError:
                err("financing_rounds", line, "amount", f"not a number: {r['amount']!r}")
                continue
            if currency is None:
                err("financing_rounds", line, "currency", "empty (required with an amount)")
            if not r["as_stated"].strip():
                err("financing_rounds", line, "as_stated", "empty (required with an amount)")
                continue
            try:
                parsed = parse_amount(r["as_stated"], r["reading"])
            except ParseError as exc:
                err("financing_rounds", line, "as_stated", str(exc))
                continue
            if not math.isclose(amount_value, parsed.value, rel_tol=1e-12):
                err(
                    "financing_rounds",
                    line,
                    "amount",
                    f"{r['amount']} but {r['as_stated']!r} reads as {parsed.value:g}",
                )
            if r["reading"].strip() and not r["note"].strip():
                err("financing_rounds", line, "note", "a reading override needs a note saying why")
        out["financing_rounds"].append(
            (
                r["round_id"].strip(),
                announced.text,
                announced.end,
                r["round"].strip(),
                amount_value,
                currency,
                _null(r["investors"]),
                _null(r["as_stated"]),
                _null(r["reading"]),
                r["excerpt_id"].strip(),
                _null(r["note"]),
            )
        )
    out["events"] = []
    for line, r in rows["events"]:
        if not need("events", line, r, "period", "entity", "event", "excerpt_id"):
            continue
        if r["entity"].strip() not in seen["entities"]:
            err(
                "events", line, "entity", f"unknown entity {r['entity']!r} (add it to entities.csv)"
            )
        if r["excerpt_id"].strip() not in excerpt_text:
            err("events", line, "excerpt_id", f"unknown excerpt {r['excerpt_id']!r}")
        try:
            when = parse_period(r["period"].strip())
        except ParseError as exc:
            err("events", line, "period", str(exc))
            continue
        out["events"].append(
            (
                r["event_id"].strip(),
                when.text,
                when.start,
                when.end,
                r["entity"].strip(),
                r["event"],
                r["excerpt_id"].strip(),
                _null(r["note"]),
            )
        )
    out["derivation_rules"] = list(DERIVATION_RULES)
    return ds


def _insert(con: Any, table: str, rows: list[tuple[Any, ...]], scratch: Path) -> None:
    """Bulk-load rows through a CSV file: far faster than binding parameters row by row."""
    if not rows:
        return
    path = scratch / f"{table}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[_NULL if v is None else v for v in row] for row in rows])
    con.execute(
        f"COPY {table} FROM {_literal(str(path))} (FORMAT csv, HEADER false, NULLSTR {_literal(_NULL)})"
    )


_NULL = "\\N"


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def _comment_everything(con: Any) -> None:
    columns = con.execute(
        """
        SELECT table_name, column_name, table_name IN (SELECT view_name FROM duckdb_views())
        FROM duckdb_columns()
        WHERE schema_name = 'main' AND NOT internal
        ORDER BY table_name, column_index
        """
    ).fetchall()
    views = {table for table, _, is_view in columns if is_view}
    statements = [
        f"COMMENT ON {'VIEW' if name in views else 'TABLE'} {name} IS {_literal(comment)};"
        for name, comment in TABLE_COMMENTS.items()
    ]
    statements += [
        f'COMMENT ON COLUMN {table}."{column}" IS {_literal(COLUMN_COMMENTS[column])};'
        for table, column, _ in columns
    ]
    # One round trip: a statement per call costs more than the whole rest of the build.
    con.execute("\n".join(statements))


def write_database(ds: Validated, out: Path, data_hash: str) -> None:
    """Write a validated dataset to ``out`` atomically.

    The database is written, in one transaction, to a temporary file beside ``out``
    and renamed over it once closed, so readers only ever see the old file or the
    complete new one.
    """
    import duckdb

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    meta = [
        ("schema_version", SCHEMA_VERSION),
        ("data_hash", data_hash),
        ("kctui_version", __version__),
        ("built_at", datetime.now(UTC).isoformat(timespec="seconds")),
    ]
    try:
        con = duckdb.connect(
            str(tmp),
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
        )
        try:
            # One transaction for the whole assembly: DuckDB commits every statement
            # of its own otherwise, and a commit per COMMENT was a fifth of the build.
            con.execute("BEGIN TRANSACTION")
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            with tempfile.TemporaryDirectory(prefix="kctui-build-") as scratch:
                for table in (
                    "sources",
                    "excerpts",
                    "entities",
                    "metrics",
                    "facts",
                    "financing_rounds",
                    "events",
                    "derivation_rules",
                ):
                    _insert(con, table, ds.tables[table], Path(scratch))
                _insert(con, "meta", meta, Path(scratch))
            con.execute("INSERT INTO derived_facts SELECT * FROM derived_facts_query")
            con.execute("DROP VIEW derived_facts_query")
            con.execute("INSERT INTO dashboard_facts " + queries.DASHBOARD_FACTS)
            _comment_everything(con)
            con.execute("COMMIT")
        finally:
            con.close()
        os.replace(tmp, out)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise


def build(data_dir: Path, out: Path | None = None, *, check: bool = False) -> Validated:
    """Validate ``data_dir`` and, unless ``check``, write the database to ``out``.

    Raises :class:`BuildError` listing every problem; the previous file at ``out``
    is left untouched in that case.
    """
    ds = validate(Path(data_dir))
    if ds.problems:
        raise BuildError(ds.problems)
    if not check:
        if out is None:
            raise ValueError("an output path is needed unless check=True")
        try:
            write_database(ds, Path(out), content_hash(Path(data_dir)))
        except OSError as exc:
            raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
        except Exception as exc:  # duckdb.Error, imported lazily
            if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            raise BuildError(f"cannot write {out}: {exc}") from None
    return ds


assert tuple(SCHEMAS) == TABLE_NAMES, "dataset.TABLE_NAMES must list the CSVs the build reads"
__all__ = ["BuildError", "Problem", "build", "content_hash", "validate", "write_database"]
