"""Find a figure by words or a number: ``net loss 2021``, ``market share alibaba``,
``74.67``, ``融资``. Headless: the find screen and the command palette call :func:`search`.

Every token typed (:mod:`kctui.core.find_query`) must match a result somewhere, and
each counts the weight of the best place it matches (:data:`WEIGHTS`): the metric's
label, the entity, the period, the value; then the words as stated, the publisher, the
quote. Equal scores list a match of the figure's own names before one that leans on
its quote, the shorter label first, then in the index's order (KC first, reported
before derived figures and estimates, the latest period first).

Two steps keep a search fast at any size of the data (the index is built by
:mod:`kctui.build.find_index`). First the names of series and periods are matched in
memory (:mod:`kctui.core.find_names`), and DuckDB ranks the statements they name: one
join and a top-N, nothing grouped. Only when that cannot settle the best results (too
few, or a statement matched through its own words might still rank among them) does
DuckDB read the statements' own words and values, each token a range of the sorted
postings. Both run on a cursor of the caller's, which another thread may interrupt.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from kctui.core import find_sql
from kctui.core.db import Database
from kctui.core.find_names import NIBBLE, Matched, NameIndex
from kctui.core.find_query import STOPWORDS, Query, parse
from kctui.core.model import FactKey, RoundRef, Subject

__all__ = [
    "LIMIT",
    "STOPWORDS",
    "WEIGHTS",
    "Found",
    "NameIndex",
    "Results",
    "names_for",
    "parse",
    "search",
]

WEIGHTS: dict[str, int] = {
    "label": 10,
    "metric": 8,
    "entity": 8,
    "period": 8,
    "value": 8,
    "round": 7,
    "as_stated": 5,
    "source": 3,
    "quote": 2,
}
"""What a token's match counts, by where it matches (a whole word one more)."""
ROW_BEST = max(WEIGHTS["value"], WEIGHTS["round"] + 1, WEIGHTS["as_stated"] + 1)
"""The most a token can count through a statement's own words or value."""
NAME_BEST = WEIGHTS["label"] + 1
"""The most a token can count through a series or period name."""
LIMIT = 50
"""Results a search returns (the best ones)."""


@dataclass(frozen=True)
class Found:
    """One result: a statement, what it is of, and where it is from."""

    kind: str
    """stated, derived or round."""
    id: str
    entity: str
    name: str
    """The entity's full name."""
    metric: str
    label: str
    period: str
    value: float | None
    unit: str | None
    qualifier: str
    as_stated: str | None
    excerpt_id: str | None
    publisher: str | None
    published: date | None
    approximate: bool
    round: str | None
    formula: str | None
    score: int

    @property
    def subject(self) -> Subject:
        """What its detail view is about: the figure (all its statements), or the round."""
        if self.kind == "round":
            return RoundRef(self.id)
        return FactKey(self.entity, self.metric, self.period, self.unit or "")

    @property
    def what(self) -> str:
        """``Net loss``; ``A round``; ``IPO``."""
        if self.round:
            return self.round if self.round == "IPO" else f"{self.round} round"
        return self.label


@dataclass(frozen=True)
class Results:
    """The best results of a query."""

    query: Query
    found: tuple[Found, ...]

    @property
    def more(self) -> bool:
        """Whether more statements match than were returned (type more to narrow)."""
        return len(self.found) >= LIMIT


def _lists(
    query: Query, series: dict[int, Matched], periods: dict[int, Matched]
) -> dict[str, list[int]]:
    """The parameters ``s`` and ``pm`` of :mod:`kctui.core.find_sql`: each series' tokens
    and score, and what each period adds to each set of tokens a series names (0: none)."""
    masks = {m.mask for m in series.values()} | {0}
    pm: list[tuple[int, int, int, int]] = []
    for no, matched in periods.items():
        for names in masks:
            adds = matched.mask & ~names
            if adds:
                score = sum(
                    (matched.packed >> (NIBBLE * i)) & 15
                    for i in range(len(query.tokens))
                    if adds >> i & 1
                )
                pm.append((no, names, adds, score))
    return {
        "s_no": list(series),
        "s_mask": [m.mask for m in series.values()],
        "s_score": [m.score for m in series.values()],
        "pm_no": [row[0] for row in pm],
        "pm_smask": [row[1] for row in pm],
        "pm_mask": [row[2] for row in pm],
        "pm_score": [row[3] for row in pm],
    }


def settled(query: Query, rows: list[tuple[Any, ...]], limit: int) -> bool:
    """Whether step one's rows are the best there are: enough of them, and the last one
    scores at least what a statement matched through its own words could (equal scores
    list whole-name matches first)."""
    if len(rows) < limit:
        return False
    bound = ROW_BEST + (len(query.tokens) - 1) * max(NAME_BEST, ROW_BEST)
    return int(rows[-1][14]) >= bound


def _own_params(query: Query, names: NameIndex) -> tuple[int, int, dict[str, Any]]:
    """The term ranges and value intervals of step two, as parameters."""
    params: dict[str, Any] = {}
    words = values = 0
    for i, token in enumerate(query.tokens):
        for word in token.words:
            if token.values or not word.isalpha():
                continue  # a number is matched by its value; a period by its names
            # A word of one letter is too short to be the start of another.
            lo, hi, exact = names.span(word, token.prefix and len(word) > 1)
            if hi < lo:
                continue
            params.update({f"w{words}_tok": i, f"w{words}_lo": lo, f"w{words}_hi": hi})
            params[f"w{words}_exact"] = exact
            words += 1
        for interval in token.values:
            params.update({f"v{values}_tok": i, f"v{values}_lo": interval.lo})
            params.update({f"v{values}_hi": interval.hi, f"v{values}_unit": interval.unit})
            values += 1
    if values:
        params["value"] = WEIGHTS["value"]
    return words, values, params


def _found(row: tuple[Any, ...], names: NameIndex) -> Found:
    (_, kind, id_, series_no, period_no, value, unit, qualifier, as_stated, excerpt_id) = row[:10]
    source_id, round_, formula = row[10:13]
    series = names.series[series_no]
    source = names.sources.get(source_id) if source_id else None
    return Found(
        kind,
        id_,
        series.entity,
        series.name,
        series.metric,
        series.label,
        names.periods[period_no],
        value,
        unit,
        qualifier,
        as_stated,
        excerpt_id,
        source.publisher if source else None,
        source.published if source else None,
        source.approximate if source else False,
        round_,
        formula,
        int(row[14]),
    )


def search(
    cursor: duckdb.DuckDBPyConnection,
    text: str | Query,
    names: NameIndex | None = None,
    limit: int = LIMIT,
) -> Results:
    """The best ``limit`` statements for ``text``, on ``cursor`` (which another thread may
    interrupt: then duckdb raises, and the caller drops the search). ``names``: the
    database's :class:`NameIndex`, if the caller keeps one (else it is read now)."""
    query = parse(text) if isinstance(text, str) else text
    if query.empty:
        return Results(query, ())
    names = names or NameIndex.load(cursor)
    series, periods = names.matches(query)
    full = (1 << len(query.tokens)) - 1
    lists = _lists(query, series, periods)
    units = {"units": list(query.units)} if query.units else {}
    params: dict[str, Any] = {**lists, **units, "full": full, "limit": limit}
    rows: list[tuple[Any, ...]] = []
    alone = any(
        m == 0 and a == full for m, a in zip(lists["pm_smask"], lists["pm_mask"], strict=True)
    )
    if series or alone:
        sql = find_sql.named_sql(periods_alone=alone, units=bool(units))
        rows = cursor.execute(sql, params).fetchall()
    if not settled(query, rows, limit):
        words, values, own = _own_params(query, names)
        named = 0
        for matched in (*series.values(), *periods.values()):
            named |= matched.mask
        required = full & ~named
        if required:
            own["required"] = required
        if words or values:
            sql = find_sql.own_sql(words, values, units=bool(units), required=bool(required))
            found = cursor.execute(sql, {**params, **own}).fetchall()
            # Each statement once (its best score), whole-name matches first among equals.
            merged = {r[0]: r for r in found}
            merged.update({r[0]: r for r in rows})
            rows = sorted(merged.values(), key=lambda r: (-r[14], not r[15], r[13], r[0]))
            rows = rows[:limit]
    return Results(query, tuple(_found(r, names) for r in rows))


_NAMES: weakref.WeakKeyDictionary[Database, NameIndex] = weakref.WeakKeyDictionary()
_NAMES_LOCK = threading.Lock()


def names_for(db: Database) -> NameIndex:
    """``db``'s :class:`NameIndex`, read on first use and kept while ``db`` lives (a
    fraction of a second at 1000x the data; every later search reuses it)."""
    with _NAMES_LOCK:
        names = _NAMES.get(db)
        if names is None:
            cursor = db.cursor()
            try:
                names = NameIndex.load(cursor)
            finally:
                cursor.close()
            _NAMES[db] = names
        return names
