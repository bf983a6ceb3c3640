"""Citations: a figure, a financing round or a quote, as text a reader can paste with
its source (``y`` anywhere a figure or a row is, ``kctui cite ID``).

A citation says what the figure is, its value as the dashboard shows it, how the
source worded it, the quote, and where the quote is from: publisher, the document's
date (marked when approximate), its language if machine translated, its URL, and
kctui's id for it, so anyone can look it up again (``kctui cite f1001``)::

    Kingsoft Cloud net loss, FY2021: ¥1.5B (reported; stated as “1.5 billion yuan”).
    “…the annual loss is 1.5 billion yuan…” — IT Home via fheadline, 2022-06-23,
    machine-translated from Chinese, https://…. kctui fact f1001.

A derived figure names its formula and cites each of its inputs; a round or an excerpt
without a figure cites its quote. Markdown puts the same in a footnote
(:mod:`kctui.core.cite_render`). Numbers are formatted by the caller's
:class:`Formats` (the UI's, so a citation reads as the screen does).

Headless: everything here is plain data and SQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from kctui.core.db import Database

__all__ = [
    "Cited",
    "Formats",
    "Quoted",
    "load",
    "load_row",
]


class Formats(Protocol):
    """How numbers and names read (kctui.ui.fmt is one)."""

    def value(
        self, amount: float | None, unit: str | None, scale: str = ..., *, signed: bool = ...
    ) -> str: ...

    def short_name(self, name: str) -> str: ...


@dataclass(frozen=True)
class Quoted:
    """A quote and the document it is from."""

    excerpt_id: str
    text: str
    first_line: int
    last_line: int
    source_id: str
    title: str
    publisher: str
    published: date
    approximate: bool
    language: str
    machine_translated_from: str | None
    url: str | None


@dataclass(frozen=True)
class Cited:
    """What a citation is of: a stated or derived figure, a round, or an excerpt alone."""

    kind: str
    """fact, derived, round or excerpt."""
    id: str
    entity_name: str | None = None
    metric: str | None = None
    label: str | None = None
    period: str | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    as_stated: str | None = None
    quote: Quoted | None = None
    formula: str | None = None
    inputs: tuple[Cited, ...] = ()
    caveat: str | None = None
    note: str | None = None
    investors: str | None = None
    round: str | None = None
    others: tuple[tuple[str, float, str], ...] = ()
    """Statements of the same figure that disagree with this one: (fact id, value, unit)."""


_SOURCE = """
x.excerpt_id, x.text, x.first_line, x.last_line, s.source_id, s.title, s.publisher,
s.published, s.approximate, s.language, s.machine_translated_from, s.url
"""

FACT = f"""
SELECT f.fact_id, f.entity, coalesce(e.name, f.entity) AS name, f.metric,
       coalesce(m.label, f.metric) AS label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated, f.formula, f.inputs, f.caveat,
       CASE WHEN f.qualifier <> 'derived' THEN f.note END AS note, {_SOURCE}
FROM facts_all f
LEFT JOIN metrics m USING (metric)
LEFT JOIN entities e USING (entity)
LEFT JOIN excerpts x USING (excerpt_id)
LEFT JOIN sources s ON s.source_id = x.source_id
WHERE f.fact_id = ?
"""

# The statements a fact disagrees with, and their values.
DISAGREEING = """
SELECT CASE WHEN fact_a = $1 THEN fact_b ELSE fact_a END,
       CASE WHEN fact_a = $1 THEN value_b ELSE value_a END, unit
FROM conflicts WHERE fact_a = $1 OR fact_b = $1
ORDER BY 1
"""

ROUND = f"""
SELECT r.round_id, r.announced, r.round, r.amount, r.currency, r.investors, r.as_stated,
       r.note, {_SOURCE}
FROM financing_rounds r
JOIN excerpts x USING (excerpt_id)
JOIN sources s ON s.source_id = x.source_id
WHERE r.round_id = ?
"""

EXCERPT = f"""
SELECT {_SOURCE}
FROM excerpts x JOIN sources s ON s.source_id = x.source_id
WHERE x.excerpt_id = ?
"""

_ROUND_ID = re.compile(r"r\d+")
_EXCERPT_ID = re.compile(r"e\d+-\d+")


def _quoted(row: tuple[Any, ...]) -> Quoted | None:
    if row[0] is None:
        return None
    (excerpt_id, text, first, last, source_id, title, publisher, published) = row[:8]
    language, translated_from, url = row[9:12]
    return Quoted(
        excerpt_id,
        text,
        first,
        last,
        source_id,
        title,
        publisher,
        published,
        bool(row[8]),
        language,
        translated_from,
        url,
    )


def _fact(db: Database, fact_id: str, depth: int = 0) -> Cited | None:
    rows = db.query(FACT, [fact_id]).rows
    if not rows:
        return None
    (fid, _entity, name, metric, label, period, value, unit, qualifier, as_stated) = rows[0][:10]
    formula, inputs, caveat, note = rows[0][10:14]
    derived = qualifier == "derived"
    cited_inputs: tuple[Cited, ...] = ()
    if derived and depth == 0:
        found = (_fact(db, str(i), depth + 1) for i in inputs or ())
        cited_inputs = tuple(c for c in found if c is not None)
    others = tuple(
        (str(other), float(v), str(u)) for other, v, u in db.query(DISAGREEING, [fid]).rows
    )
    return Cited(
        "derived" if derived else "fact",
        fid,
        entity_name=name,
        metric=metric,
        label=label,
        period=period,
        value=value,
        unit=unit,
        qualifier=qualifier,
        as_stated=as_stated,
        quote=_quoted(rows[0][14:]),
        formula=formula,
        inputs=cited_inputs,
        caveat=caveat,
        note=note,
        others=others,
    )


def _round(db: Database, round_id: str) -> Cited | None:
    rows = db.query(ROUND, [round_id]).rows
    if not rows:
        return None
    rid, announced, name, amount, currency, investors, as_stated, note = rows[0][:8]
    when = announced[2:] if str(announced).startswith("FY") else announced
    return Cited(
        "round",
        rid,
        entity_name="Kingsoft Cloud Holdings Limited",
        metric="financing_round",
        label="IPO" if name == "IPO" else f"{name} round",
        period=when,
        value=amount,
        unit=currency,
        qualifier="reported",
        as_stated=as_stated,
        quote=_quoted(rows[0][8:]),
        investors=investors,
        round=name,
        note=note,
    )


def _excerpt(db: Database, excerpt_id: str) -> Cited | None:
    rows = db.query(EXCERPT, [excerpt_id]).rows
    if not rows:
        return None
    return Cited("excerpt", excerpt_id, quote=_quoted(rows[0]))


def load(db: Database, id: str) -> Cited | None:
    """What ``id`` names: a fact (``f1001``, ``d:KC:…``), a round (``r01``) or an excerpt
    (``e001-28``); ``None`` if nothing does."""
    id = id.strip()
    if not id:
        return None
    if _ROUND_ID.fullmatch(id):
        return _round(db, id)
    if _EXCERPT_ID.fullmatch(id):
        return _excerpt(db, id)
    return _fact(db, id)


ROW_COLUMNS = ("fact_id", "round_id", "excerpt_id")
"""The columns of a result row a citation is found by, in the order they are tried."""


def row_ids(row: Mapping[str, object]) -> dict[str, str]:
    """The ids a result row names, by column (:data:`ROW_COLUMNS` in order, any case,
    blank ones left out): ``{"fact_id": "f0010", "excerpt_id": "e001-03"}``."""
    by_name = {str(k).lower(): v for k, v in row.items()}
    return {
        column: value.strip()
        for column in ROW_COLUMNS
        if isinstance(value := by_name.get(column), str) and value.strip()
    }


def load_row(db: Database, row: Mapping[str, object]) -> Cited | None:
    """The citation of a result row (the SQL console's), by its ``fact_id``, else its
    ``round_id``, else its ``excerpt_id`` column (any case); ``None`` when it has none
    of them or they name nothing."""
    for value in row_ids(row).values():
        found = load(db, value)
        if found is not None:
            return found
    return None


ROW_DOCUMENT = """
WITH f AS (SELECT excerpt_id, as_stated FROM facts WHERE fact_id = $1)
SELECT e.source_id, e.excerpt_id, (SELECT as_stated FROM f) AS as_stated
FROM excerpts AS e
WHERE e.excerpt_id = coalesce($2, (SELECT excerpt_id FROM f))
"""


def row_document(
    db: Database, row: Mapping[str, object]
) -> tuple[str, str, tuple[str, ...]] | None:
    """Where a result row's quote is: (source id, excerpt id, words to light), by its
    ``excerpt_id`` column, else its ``fact_id``'s excerpt (any case); ``None`` if neither
    names one."""
    ids = row_ids(row)
    fact, excerpt = ids.get("fact_id"), ids.get("excerpt_id")
    if fact is None and excerpt is None:
        return None
    found = db.rows(ROW_DOCUMENT, [fact, excerpt])
    if not found:
        return None
    hit = found[0]
    words = (hit["as_stated"],) if hit["as_stated"] else ()
    return str(hit["source_id"]), str(hit["excerpt_id"]), words
