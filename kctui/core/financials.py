"""KC's results by period, quarterly or annual: rows with gaps marked, sparkline series.

Pivoted from the figures already loaded, as the ``quarterly_results`` and
``annual_results`` views pivot ``best_facts`` (a test holds them together).

One currency per column, always: a figure stays in the currency its source states, so
revenue in yuan and revenue in dollars are two columns, and a period stated only in
dollars leaves the yuan column's cell empty (and the sparkline says so). A row is a
period with at least one result; a period that only has, say, a market share is not a
row of results. Columns nobody reports in the table's periods are left out, and the
order of the rest puts first the ones that give every row a value.
"""

from __future__ import annotations

from typing import NamedTuple

from kctui.core.facts import FactIndex
from kctui.core.model import SUBJECT_ENTITY, FactKey, Figure
from kctui.core.periods import period_range, with_gaps


class Column(NamedTuple):
    """A figure column of the results table: one metric in one unit."""

    id: str
    header: str
    metric: str
    unit: str
    signed: bool = False
    """Shown with its sign (growth)."""


RESULT_COLUMNS: tuple[Column, ...] = (
    Column("revenue", "Revenue ¥", "revenue", "CNY"),
    Column("revenue_usd", "Revenue US$", "revenue", "USD"),
    Column("revenue_yoy", "YoY", "revenue_yoy", "%", signed=True),
    Column("gross_margin", "Gross margin", "gross_margin", "%"),
    Column("adjusted_gross_margin", "Adj. margin", "adjusted_gross_margin", "%"),
    Column("net_loss", "Net loss ¥", "net_loss", "CNY"),
    Column("net_loss_usd", "Net loss US$", "net_loss", "USD"),
    Column("public_cloud_revenue", "Public ¥", "public_cloud_revenue", "CNY"),
    Column("industry_cloud_revenue", "Industry ¥", "industry_cloud_revenue", "CNY"),
    Column("ai_revenue", "AI ¥", "ai_revenue", "CNY"),
    Column("eps_usd", "EPS US$", "eps", "USD"),
)
"""Every figure column the results table may show, in the order a reader expects them.
Public ¥, Industry ¥, AI ¥: the public cloud, industry cloud and AI revenue segments."""

RESULT_METRICS = frozenset(c.metric for c in RESULT_COLUMNS)
"""A period is a row of results when one of these is stated (or derived) for it."""

SPARKLINES: tuple[tuple[str, str, str], ...] = (
    # (label, metric, unit): one unit per line, or the heights would lie.
    ("Revenue ¥", "revenue", "CNY"),
    ("Net loss ¥", "net_loss", "CNY"),
    ("Gross margin", "gross_margin", "%"),
)


class ResultRow(NamedTuple):
    """A reported period of the results table, or a run of periods nobody reported."""

    period: str
    cells: tuple[Figure | None, ...] = ()
    """One cell per column of :attr:`Results.columns`."""
    figures: tuple[Figure, ...] = ()
    gap_end: str | None = None

    @property
    def is_gap(self) -> bool:
        """A run of unreported periods between reported ones."""
        return self.gap_end is not None

    @property
    def label(self) -> str:
        """``2022Q1``; for a gap ``2022Q3`` or ``2022Q3–2023Q4``."""
        if self.gap_end and self.gap_end != self.period:
            return f"{self.period}–{self.gap_end}"
        return self.period


class Series(NamedTuple):
    """A sparkline: one metric in one unit over the table's periods (``None``: a gap)."""

    label: str
    unit: str
    values: tuple[float | None, ...]
    elsewhere: tuple[str, ...] = ()
    """Periods whose figure is stated only in another currency (said beside the line)."""


class Results(NamedTuple):
    """Quarterly or annual results: rows with gaps marked, and the sparkline series."""

    kind: str  # "Q" or "FY"
    periods: tuple[str, ...]
    rows: tuple[ResultRow, ...]
    series: tuple[Series, ...]
    columns: tuple[Column, ...] = RESULT_COLUMNS
    """The figure columns, best first: every one with data, those that cover most rows first."""
    cover: int = 0
    """How many of the first :attr:`columns` give every row a value (a narrow panel
    shows at least these)."""

    @property
    def span(self) -> str:
        """``2020Q1–2025Q3``."""
        return f"{self.periods[0]}–{self.periods[-1]}" if self.periods else ""

    def cell(self, row: ResultRow, column_id: str) -> Figure | None:
        """``row``'s figure in the column ``column_id`` (``None``: no column, no figure)."""
        for column, figure in zip(self.columns, row.cells, strict=False):
            if column.id == column_id:
                return figure
        return None

    def latest(self, *column_ids: str) -> ResultRow | None:
        """The latest reported row with a figure in the first of ``column_ids`` that has one."""
        for row in reversed(self.rows):
            if not row.is_gap and any(self.cell(row, c) for c in column_ids):
                return row
        return None


FIRST_FISCAL_YEAR = "FY2017"
"""The annual table starts here, as the ``annual_results`` view does."""


FIRST_COLUMNS = ("revenue", "revenue_yoy")
"""Columns that lead whenever they have data: what a reader looks for first."""


def _cover_order(
    columns: list[Column], cells: list[tuple[Figure | None, ...]]
) -> tuple[list[Column], int]:
    """``columns`` reordered so that the first few give every row a value: the leading
    ones, then greedily the one covering most rows not yet covered (ties: the reader's
    order); those in the reader's order, then the rest."""
    index = {c: i for i, c in enumerate(columns)}
    chosen = [c for c in columns if c.id in FIRST_COLUMNS]
    left = [c for c in columns if c not in chosen]
    uncovered = {r for r in range(len(cells)) if not any(cells[r][index[c]] for c in chosen)}
    while uncovered and left:
        best = max(left, key=lambda c: (sum(1 for r in uncovered if cells[r][index[c]]), -index[c]))
        if not any(cells[r][index[best]] for r in uncovered):
            break
        chosen.append(best)
        left.remove(best)
        uncovered -= {r for r in uncovered if cells[r][index[best]]}
    # The covering columns keep the reader's order among themselves; the rest follow.
    return sorted(chosen, key=index.__getitem__) + left, len(chosen)


def results(kind: str, index: FactIndex) -> Results:
    """Results by period, pivoted from the best figures as ``quarterly_results`` and
    ``annual_results`` do (a test holds them to the views)."""
    reported = sorted(
        {
            s.key.period
            for key in index.keys_of.get(SUBJECT_ENTITY, ())
            if key.metric in RESULT_METRICS
            for s in index.by_key[key]
            if s.best
            and s.period_kind == kind
            and (kind != "FY" or s.key.period >= FIRST_FISCAL_YEAR)
        }
    )
    periods = tuple(period_range(reported[0], reported[-1])) if reported else ()

    def cell(column: Column, period: str) -> Figure | None:
        return index.figure(FactKey(SUBJECT_ENTITY, column.metric, period, column.unit))

    table = [tuple(cell(c, p) for c in RESULT_COLUMNS) for p in reported]
    used = [c for i, c in enumerate(RESULT_COLUMNS) if any(row[i] for row in table)]
    ordered, cover = _cover_order(
        used, [tuple(r[RESULT_COLUMNS.index(c)] for c in used) for r in table]
    )
    columns = tuple(ordered)
    rows: list[ResultRow] = []
    for period, gap_end in with_gaps(periods, reported):
        if gap_end is not None:
            rows.append(ResultRow(period, gap_end=gap_end))
            continue
        cells = tuple(cell(c, period) for c in columns)
        rows.append(ResultRow(period, cells, tuple(index.figures_of(SUBJECT_ENTITY, period))))
    series = tuple(
        _series(label, metric, unit, periods, index) for label, metric, unit in SPARKLINES
    )
    return Results(kind, periods, tuple(rows), series, columns, cover)


def _series(
    label: str, metric: str, unit: str, periods: tuple[str, ...], index: FactIndex
) -> Series:
    values = []
    elsewhere = []
    for period in periods:
        fig = index.figure(FactKey(SUBJECT_ENTITY, metric, period, unit))
        values.append(fig.value if fig is not None else None)
        if fig is None and any(
            k.metric == metric and k.unit != unit
            for k in index.keys_in.get((SUBJECT_ENTITY, period), ())
        ):
            elsewhere.append(period)
    return Series(label, unit, tuple(values), tuple(elsewhere))
