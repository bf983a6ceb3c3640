"""What a detail view shows, from the database: plain Python, no Textual.

A detail view is about one subject (a figure, a financing round or an excerpt):
:func:`load_detail` gathers its series over time (for the chart, gaps kept as
``None``), every statement behind it with its quote, the formula and inputs of a
derived figure, and whether sources disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kctui.core import queries
from kctui.core.db import Database
from kctui.core.model import (
    SHOWN_QUALIFIERS,
    ExcerptRef,
    FactKey,
    RoundRef,
    SourceDoc,
    Subject,
    topic_label,
)
from kctui.core.periods import ParseError, parse_period, period_range


@dataclass(frozen=True)
class Point:
    """A point of the chart; ``value`` is ``None`` where nobody reports the period."""

    period: str
    value: float | None


@dataclass(frozen=True)
class Stated:
    """A figure as one statement gives it: what, when, how much, in which words."""

    fact_id: str
    label: str
    period: str
    value: float | None
    unit: str | None
    qualifier: str
    as_stated: str | None
    metric: str | None
    """The metric (``None`` for a quote without a figure)."""


@dataclass(frozen=True)
class Card(Stated):
    """One statement with its quote, and everything known of where the quote is from."""

    highlights: tuple[str, ...]
    excerpt_id: str | None
    excerpt: str | None
    source: SourceDoc | None
    first_line: int | None = None
    last_line: int | None = None
    formula: str | None = None
    note: str | None = None
    """The curator's note on the statement."""
    caveat: str | None = None
    """Why to read it with care (corrected digits, a derivation built on them)."""


@dataclass(frozen=True)
class Disagreement:
    """Two statements of the figure that disagree, with the likely cause."""

    fact_a: str
    fact_b: str
    likely_wrong: str | None
    cause: str


def source_of(r: dict[str, Any]) -> SourceDoc | None:
    """The document of a row that joins ``sources`` (FACTS_FOR, EXCERPT columns)."""
    if r.get("source_id") is None:
        return None
    return SourceDoc(
        r["source_id"],
        r["title"],
        r["publisher"],
        r["published"],
        bool(r["approximate"]),
        r["language"],
        r["machine_translated_from"],
        r["url"],
        r["source_note"],
    )


@dataclass(frozen=True)
class Link(Stated):
    """A figure a detail view links to: a derived figure's input, or what an excerpt states."""

    subject: Subject


STATED_COLUMNS = tuple(Stated.__dataclass_fields__)
"""The columns of a statement row that make a :class:`Stated`, in order."""


def _stated(r: dict[str, Any]) -> dict[str, Any]:
    return {column: r[column] for column in STATED_COLUMNS}


def _link(r: dict[str, Any], subject: Subject) -> Link:
    """A link from a statement row (FACTS_BY_ID / FACTS_IN_EXCERPT columns)."""
    return Link(**_stated(r), subject=subject)


@dataclass(frozen=True)
class Detail:
    """Everything a detail view shows."""

    subject: Subject
    title: str
    unit: str | None
    points: tuple[Point, ...]
    highlight: str | None
    chart_title: str
    bars: bool
    cards: tuple[Card, ...]
    conflict: bool
    formula: str | None
    links: tuple[Link, ...]
    links_title: str
    disagreements: tuple[Disagreement, ...] = ()


def series_points(rows: list[dict[str, Any]]) -> tuple[Point, ...]:
    """Chart points from ``SERIES`` rows: a continuous run of periods, gaps as ``None``.

    Quarters, halves and years are laid out on their calendar (a missing quarter leaves
    a hole); dates and months are shown in order as stated.
    """
    if not rows:
        return ()
    kind = rows[0]["period_kind"]
    values = {r["period"]: r["value"] for r in rows}
    if kind in ("Q", "H", "FY"):
        ordered = sorted(values)
        return tuple(Point(p, values.get(p)) for p in period_range(ordered[0], ordered[-1]))
    return tuple(Point(r["period"], r["value"]) for r in rows)


def _kind(period: str) -> str:
    try:
        return parse_period(period).kind
    except ParseError:
        return ""


def _card(r: dict[str, Any]) -> Card:
    return Card(
        **_stated(r),
        highlights=(r["as_stated"],) if r["as_stated"] else (),
        excerpt_id=r["excerpt_id"],
        excerpt=r["excerpt"],
        source=source_of(r),
        first_line=r["first_line"],
        last_line=r["last_line"],
        formula=r["formula"],
        note=None if r["qualifier"] == "derived" else r["note"],
        caveat=r["caveat"],
    )


def _fact_detail(db: Database, key: FactKey) -> Detail:
    rows = db.rows(queries.FACTS_FOR, [key.entity, key.metric, key.period])
    disagreements = tuple(
        Disagreement(r["fact_a"], r["fact_b"], r["likely_wrong"], r["cause"])
        for r in db.rows(queries.CONFLICTS_FOR, [key.entity, key.metric, key.period])
    )
    label = rows[0]["label"] if rows else key.metric
    name = rows[0]["entity_name"] if rows else key.entity
    # The figure's own unit first, then the same figure in other currencies; estimates
    # last; within each, in the order the sources published them (first reported first).
    rows.sort(
        key=lambda r: (
            r["unit"] != key.unit,
            r["qualifier"] not in SHOWN_QUALIFIERS,
            r["qualifier"] == "derived",
        )
    )
    cards = tuple(_card(r) for r in rows)
    derived = next((r for r in rows if r["qualifier"] == "derived" and r["unit"] == key.unit), None)
    links: tuple[Link, ...] = ()
    if derived is not None and derived["inputs"]:
        links = tuple(
            _link(r, FactKey(r["entity"], r["metric"], r["period"], r["unit"]))
            for r in db.rows(queries.FACTS_BY_ID, [list(derived["inputs"])])
        )
    kind = _kind(key.period)
    series = db.rows(queries.SERIES, [key.entity, key.metric, key.unit, kind]) if kind else []
    return Detail(
        subject=key,
        title=f"{label} · {name} · {key.period}",
        unit=key.unit,
        points=series_points(series),
        highlight=key.period,
        chart_title=f"{label} ({key.unit}) over time",
        bars=False,
        cards=cards,
        conflict=bool(disagreements),
        disagreements=disagreements,
        formula=derived["formula"] if derived else None,
        links=links,
        links_title="Inputs",
    )


def _excerpt_card(row: dict[str, Any], highlights: tuple[str, ...], **fields: Any) -> Card:
    base: dict[str, Any] = {
        "fact_id": row["excerpt_id"],
        "label": topic_label(row["topic"]),
        "period": "",
        "value": None,
        "unit": None,
        "qualifier": "quote",
        "as_stated": None,
        "metric": None,
    }
    base.update(fields)
    return Card(
        highlights=highlights,
        excerpt_id=row["excerpt_id"],
        excerpt=row["text"],
        source=source_of(row),
        first_line=row["first_line"],
        last_line=row["last_line"],
        **base,
    )


def _round_detail(db: Database, ref: RoundRef) -> Detail:
    rounds = db.rows(queries.ROUNDS)
    this = next((r for r in rounds if r["round_id"] == ref.round_id), None)
    if this is None:
        raise LookupError(f"no financing round {ref.round_id}")
    excerpt = db.rows(queries.EXCERPT, [this["excerpt_id"]])
    when = this["announced"][2:] if this["announced"].startswith("FY") else this["announced"]
    cards = tuple(
        _excerpt_card(
            x,
            (this["as_stated"],) if this["as_stated"] else (),
            fact_id=this["round_id"],
            label=f"{this['round']} round",
            period=when,
            value=this["amount"],
            unit=this["currency"],
            qualifier="reported",
            as_stated=this["as_stated"],
        )
        for x in excerpt
    )
    points = tuple(
        Point(
            f"{r['round']} {r['announced'][2:] if r['announced'].startswith('FY') else r['announced'][:4]}",
            r["amount"],
        )
        for r in rounds
    )
    highlight = next(
        (p.period for p, r in zip(points, rounds, strict=True) if r["round_id"] == ref.round_id),
        None,
    )
    return Detail(
        subject=ref,
        title=f"{this['round']} round · {when}",
        unit=this["currency"] or next((r["currency"] for r in rounds if r["currency"]), None),
        points=points,
        highlight=highlight,
        chart_title="Financing rounds (amount raised)",
        bars=True,
        cards=cards,
        conflict=False,
        formula=None,
        links=(),
        links_title="",
    )


def _excerpt_detail(db: Database, ref: ExcerptRef) -> Detail:
    found = db.rows(queries.EXCERPT, [ref.excerpt_id])
    if not found:
        raise LookupError(f"no excerpt {ref.excerpt_id}")
    x = found[0]
    stated = db.rows(queries.FACTS_IN_EXCERPT, [ref.excerpt_id, ref.excerpt_id])
    highlights = tuple(dict.fromkeys(r["as_stated"] for r in stated if r["as_stated"]))
    links = tuple(
        _link(
            r,
            RoundRef(r["fact_id"])
            if r["metric"] == "financing_round"
            else FactKey(r["entity"], r["metric"], r["period"], r["unit"]),
        )
        for r in stated
    )
    return Detail(
        subject=ref,
        title=f"{topic_label(x['topic'])} · excerpt {x['excerpt_id']} · {x['title']}",
        unit=None,
        points=(),
        highlight=None,
        chart_title="",
        bars=False,
        cards=(_excerpt_card(x, highlights),),
        conflict=False,
        formula=None,
        links=links,
        links_title="Stated in this excerpt",
    )


def load_detail(db: Database, subject: Subject) -> Detail:
    """The detail of ``subject``."""
    if isinstance(subject, FactKey):
        return _fact_detail(db, subject)
    if isinstance(subject, RoundRef):
        return _round_detail(db, subject)
    return _excerpt_detail(db, subject)
