"""KC's results by period, quarterly or annual: rows with gaps marked, sparkline series.

Pivoted from the figures already loaded, as the ``quarterly_results`` and
``annual_results`` views pivot ``best_facts`` (a test holds them together).
"""

from __future__ import annotations

from typing import NamedTuple

from kctui.core.facts import FactIndex
from kctui.core.model import SUBJECT_ENTITY, FactKey, Figure
from kctui.core.periods import period_range, with_gaps

RESULT_COLUMNS: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    # (column id, header, (metric, units to try in order) ...)
    ("revenue", "Revenue", (("revenue", ("CNY", "USD")),)),
    ("revenue_yoy", "YoY", (("revenue_yoy", ("%",)),)),
    ("gross_margin", "Margin", (("gross_margin", ("%",)),)),
    ("net_loss", "Net loss", (("net_loss", ("CNY", "USD")),)),
    # Shown when the panel is wide enough (the first four always are).
    ("public_cloud_revenue", "Public cloud", (("public_cloud_revenue", ("CNY", "USD")),)),
    ("industry_cloud_revenue", "Industry cloud", (("industry_cloud_revenue", ("CNY", "USD")),)),
    ("ai_revenue", "AI revenue", (("ai_revenue", ("CNY", "USD")),)),
)
"""The results table's figure columns and where each cell's figure comes from."""

RESULT_COLUMNS_ALWAYS = 4
"""How many of :data:`RESULT_COLUMNS` every width shows."""

SPARKLINES: tuple[tuple[str, str, str], ...] = (
    # (label, metric, unit): one unit per line, or the heights would lie.
    ("Revenue", "revenue", "CNY"),
    ("Net loss", "net_loss", "CNY"),
    ("Margin", "gross_margin", "%"),
)


class ResultRow(NamedTuple):
    """A reported period of the results table, or a run of periods nobody reported."""

    period: str
    cells: tuple[Figure | None, ...] = ()
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


class Results(NamedTuple):
    """Quarterly or annual results: rows with gaps marked, and the sparkline series."""

    kind: str  # "Q" or "FY"
    periods: tuple[str, ...]
    rows: tuple[ResultRow, ...]
    series: tuple[tuple[str, str, tuple[float | None, ...]], ...]  # (label, unit, values)

    @property
    def span(self) -> str:
        """``2020Q1–2025Q3``."""
        return f"{self.periods[0]}–{self.periods[-1]}" if self.periods else ""


FIRST_FISCAL_YEAR = "FY2017"
"""The annual table starts here, as the ``annual_results`` view does."""


def results(kind: str, index: FactIndex) -> Results:
    """Results by period, pivoted from the best figures as ``quarterly_results`` and
    ``annual_results`` do (a test holds them to the views). Pivoting the statements
    already loaded saves two expansions of ``derived_facts`` at start-up."""
    reported = sorted(
        {
            s.key.period
            for key in index.keys_of.get(SUBJECT_ENTITY, ())
            for s in index.by_key[key]
            if s.best
            and s.period_kind == kind
            and (kind != "FY" or s.key.period >= FIRST_FISCAL_YEAR)
        }
    )
    periods = tuple(period_range(reported[0], reported[-1])) if reported else ()
    rows: list[ResultRow] = []
    for period, gap_end in with_gaps(periods, reported):
        if gap_end is not None:
            rows.append(ResultRow(period, gap_end=gap_end))
            continue
        cells = tuple(
            next(
                (
                    f
                    for metric, units in sources
                    if (f := index.find(SUBJECT_ENTITY, metric, period, units)) is not None
                ),
                None,
            )
            for _, _, sources in RESULT_COLUMNS
        )
        rows.append(ResultRow(period, cells, tuple(index.figures_of(SUBJECT_ENTITY, period))))

    def value(metric: str, unit: str, period: str) -> float | None:
        fig = index.figure(FactKey(SUBJECT_ENTITY, metric, period, unit))
        return fig.value if fig is not None else None

    series = tuple(
        (label, unit, tuple(value(metric, unit, p) for p in periods))
        for label, metric, unit in SPARKLINES
    )
    return Results(kind, periods, tuple(rows), series)
