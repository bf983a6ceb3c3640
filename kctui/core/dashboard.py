"""What the dashboard shows, loaded from the database as plain data: no Textual.

:func:`load_dashboard` runs the panels' named queries (:mod:`kctui.core.queries`) once and
returns values the widgets only have to draw; :mod:`kctui.core.panels` assembles them
from the :class:`~kctui.core.facts.FactIndex`. Every number shown is a
:class:`~kctui.core.model.Figure` that knows the statements behind it, so any row can
say which excerpts to show (a :class:`~kctui.core.model.Selection`) and what its detail
view is about (a :data:`~kctui.core.model.Subject`).

Gaps stay gaps: a period no source reports becomes a gap row and a ``None`` in the
sparkline series, never an interpolated value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import duckdb

from kctui.core import panels, queries
from kctui.core.db import Database
from kctui.core.facts import FactIndex
from kctui.core.financials import Results, results
from kctui.core.model import (
    ExcerptRef,
    ExcerptRow,
    FactKey,
    Quote,
    RoundRow,
    Selection,
    SourceDoc,
    Statement,
    topic_label,
)
from kctui.core.panels import CompetitorRow, KeyFigure


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard draws."""

    key_figures: tuple[KeyFigure, ...]
    rounds: tuple[RoundRow, ...]
    raised_total: float | None
    raised_currency: str | None
    quarterly: Results
    annual: Results
    competitors: tuple[CompetitorRow, ...]
    excerpts: tuple[ExcerptRow, ...]
    sources: tuple[SourceDoc, ...]
    index: FactIndex
    stated_in: dict[str, tuple[str, ...]]
    """Per excerpt, every figure's words in it (facts and rounds), to highlight."""
    excerpt_total: int = -1
    """How many excerpts the database holds (``excerpts`` may be only some of them)."""

    @property
    def excerpts_limited(self) -> bool:
        """``excerpts`` holds only some of the database's excerpts."""
        return self.excerpt_total > len(self.excerpts)

    @cached_property
    def listed_excerpts(self) -> tuple[ExcerptRow, ...]:
        """The excerpts the Sources list shows: all, or the first ones by id if limited."""
        if not self.excerpts_limited:
            return self.excerpts
        return self.excerpts[: queries.EXCERPTS_LIMIT]

    @cached_property
    def excerpts_by_source(self) -> dict[str, list[ExcerptRow]]:
        """The listed excerpts grouped by document, in order."""
        out: dict[str, list[ExcerptRow]] = {}
        for x in self.listed_excerpts:
            out.setdefault(x.source_id, []).append(x)
        return out

    @cached_property
    def source_by_id(self) -> dict[str, SourceDoc]:
        """Documents by id."""
        return {s.source_id: s for s in self.sources}

    @cached_property
    def excerpt_by_id(self) -> dict[str, ExcerptRow]:
        """Excerpts by id."""
        return {x.excerpt_id: x for x in self.excerpts}

    def excerpt_selection(self, row: ExcerptRow) -> Selection:
        """An excerpt on its own, with everything it states highlighted."""
        figures = [
            f
            for s in self.index.by_excerpt.get(row.excerpt_id, ())
            if (f := self.index.figure(s.key)) is not None
        ]
        quote = Quote(row.excerpt_id, self.stated_in.get(row.excerpt_id, ()))
        return Selection(
            f"{topic_label(row.topic)} · excerpt {row.excerpt_id}",
            (quote,),
            tuple(figures),
            ExcerptRef(row.excerpt_id),
        )


# --- loading ---------------------------------------------------------------------------------


def _statements(db: Database) -> list[Statement]:
    """Every statement of dashboard_facts (thousands at scale: built from tuples)."""
    return [
        Statement(
            f, FactKey(e, m, p, u), la, pk, pe, v, q, st, x, fo, tuple(i or ()), b, c, sec, n, cv
        )
        for f, e, m, p, u, la, pk, pe, v, q, st, x, fo, i, b, c, sec, n, cv in db.query(
            queries.DASHBOARD_FACTS_STORED
        ).rows
    ]


def load_dashboard(db: Database) -> Dashboard:
    """Run the dashboard's queries and assemble what the panels draw."""
    statements = _statements(db)
    index = FactIndex(statements)

    rounds = tuple(
        RoundRow(
            r["round_id"],
            r["announced"],
            r["round"],
            r["amount"],
            r["currency"],
            r["investors"],
            r["as_stated"],
            r["excerpt_id"],
            r["note"],
            r["cumulative"] if r["round"] != "IPO" else None,
        )
        for r in db.rows(queries.ROUNDS)
    )
    # The total raised before the IPO, from the rows already fetched (no second query).
    before = [r for r in rounds if r.round != "IPO" and r.amount is not None]
    currencies = {r.currency for r in before}
    raised_total = sum(r.amount for r in before if r.amount is not None) if before else None
    raised_currency = currencies.pop() if len(currencies) == 1 else None
    quarterly = results("Q", index)
    annual = results("FY", index)
    names = {r["entity"]: r["name"] for r in db.rows(queries.ENTITIES)}
    excerpt_total = int(db.rows(queries.EXCERPT_COUNT)[0]["n"])
    # The first excerpts by id, and every one a loaded figure or a round quotes. The
    # query's columns are ExcerptRow's fields, in order.
    excerpts = tuple(
        map(ExcerptRow._make, db.query(queries.EXCERPTS_BOUNDED, [queries.EXCERPTS_LIMIT]).rows)
    )
    sources = tuple(map(SourceDoc._make, db.query(queries.SOURCES).rows))
    stated: dict[str, list[str]] = {}
    for s in statements:
        if s.excerpt_id and s.as_stated and s.as_stated not in stated.setdefault(s.excerpt_id, []):
            stated[s.excerpt_id].append(s.as_stated)
    for r in rounds:
        if r.as_stated and r.as_stated not in stated.setdefault(r.excerpt_id, []):
            stated[r.excerpt_id].append(r.as_stated)
    return Dashboard(
        key_figures=panels.key_figures(quarterly, annual, rounds, index),
        rounds=rounds,
        raised_total=raised_total,
        raised_currency=raised_currency,
        quarterly=quarterly,
        annual=annual,
        competitors=panels.competitors(index, names),
        excerpts=excerpts,
        sources=sources,
        index=index,
        stated_in={k: tuple(v) for k, v in stated.items()},
        excerpt_total=excerpt_total,
    )


def search_excerpts(cursor: duckdb.DuckDBPyConnection, needle: str) -> dict[str, list[ExcerptRow]]:
    """The first excerpts (or their documents) containing ``needle``, by document.

    Run on a cursor of the caller's, which may interrupt it from another thread.
    """
    pattern = "%" + "".join("\\" + c if c in "%_\\" else c for c in needle) + "%"
    rows = cursor.execute(
        queries.EXCERPTS_SEARCH, [pattern, pattern, queries.EXCERPTS_LIMIT]
    ).fetchall()
    found: dict[str, list[ExcerptRow]] = {}
    for row in map(ExcerptRow._make, rows):
        found.setdefault(row.source_id, []).append(row)
    return found
