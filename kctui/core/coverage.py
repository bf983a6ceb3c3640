"""The coverage grid: KC's record as metric x period, each cell what stands behind it.

A row is a metric in one unit (revenue in yuan and revenue in dollars are two rows, as
they are two columns of the results); a column is a period, quarters, half-years,
fiscal and trailing years in time order (a year after its fourth quarter). Quarters and
years run without a hole from the first stated to the last, so a period nobody reports
is a blank column and a metric nobody states for it a blank cell: the gaps of the record
at a glance. Each cell counts the statements (stated and derived) behind the figure,
says whether only derived ones do and whether any two disagree (``conflicts``).

DuckDB does the counting (:data:`kctui.core.analysis_queries.COVERAGE`); this module lays the
rows out. Plain Python, no Textual.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from kctui.core import analysis_queries as queries
from kctui.core.db import Database
from kctui.core.financials import RESULT_COLUMNS
from kctui.core.model import SUBJECT_ENTITY, FactKey
from kctui.core.periods import ParseError, parse_period, period_range

GRID_KINDS = ("Q", "H", "FY", "TTM")
"""Period kinds the grid has columns for; figures of a day or a month are left out."""

CONTINUOUS_KINDS = ("Q", "FY")
"""Kinds whose every period from the first stated to the last gets a column."""


class Cell(NamedTuple):
    """What stands behind one figure: how many statements, how many derived, a conflict."""

    statements: int
    derived: int = 0
    conflict: bool = False

    @property
    def derived_only(self) -> bool:
        """No source states it; it is computed from stated inputs."""
        return self.statements > 0 and self.derived == self.statements


class Row(NamedTuple):
    """A metric in one unit, and its cells by column."""

    metric: str
    label: str
    unit: str
    cells: tuple[Cell | None, ...]
    """One per column of :attr:`Coverage.periods`; ``None``: nothing stated."""

    @property
    def stated(self) -> int:
        """How many periods have a figure."""
        return sum(1 for c in self.cells if c is not None)


class Coverage(NamedTuple):
    """The grid of one entity's record."""

    entity: str
    periods: tuple[str, ...]
    rows: tuple[Row, ...]
    left_out: int = 0
    """Statements of a day or a month (prices, values, events), not in the grid."""

    def key(self, row: int, column: int) -> FactKey:
        """The figure at a cell."""
        r = self.rows[row]
        return FactKey(self.entity, r.metric, self.periods[column], r.unit)

    @property
    def statements(self) -> int:
        """Every statement the grid counts."""
        return sum(c.statements for r in self.rows for c in r.cells if c is not None)


def _when(period: str) -> tuple[int, int]:
    """Sort key: by end, the shorter period first (2021Q4 before FY2021)."""
    parsed = parse_period(period)
    end = parsed.end or date.min
    start = parsed.start or end
    return end.toordinal(), -start.toordinal()


def _kind(period: str) -> str:
    try:
        return parse_period(period).kind
    except ParseError:
        return ""


def columns(stated: set[str]) -> tuple[str, ...]:
    """Every period to show, in time order: quarters and years without holes."""
    out = {p for p in stated if _kind(p)}
    for kind in CONTINUOUS_KINDS:
        same = sorted(p for p in out if _kind(p) == kind)
        if same:
            out.update(period_range(same[0], same[-1]))
    return tuple(sorted(out, key=_when))


RESULT_ORDER = {(c.metric, c.unit): i for i, c in enumerate(RESULT_COLUMNS)}
"""Rows of the results table's figures first, in its order; then by label."""


def load_coverage(db: Database, entity: str = SUBJECT_ENTITY) -> Coverage:
    """``entity``'s record as a grid."""
    rows = db.rows(queries.COVERAGE, [entity, list(GRID_KINDS)])
    periods = columns({r["period"] for r in rows})
    where = {p: i for i, p in enumerate(periods)}
    grid: dict[tuple[str, str], list[Cell | None]] = {}
    labels: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r["metric"], r["unit"])
        cells = grid.setdefault(key, [None] * len(periods))
        labels[key] = r["label"]
        cells[where[r["period"]]] = Cell(r["statements"], r["derived"], bool(r["conflict"]))
    order = sorted(
        grid, key=lambda k: (RESULT_ORDER.get(k, len(RESULT_ORDER)), labels[k].lower(), k)
    )
    left_out = db.rows(queries.COVERAGE_LEFT_OUT, [entity, list(GRID_KINDS)])[0]["n"]
    return Coverage(
        entity,
        periods,
        tuple(Row(m, labels[(m, u)], u, tuple(grid[(m, u)])) for m, u in order),
        int(left_out),
    )
