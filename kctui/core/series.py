"""A metric over time, for the detail view's chart: every statement, one unit, one time axis.

A :class:`ChartSeries` is one entity's metric in one unit over the period kinds that read
on the same scale (:func:`chart_kinds`): every statement of it, not only the figure shown,
so a disagreement or a restatement is visible where it happened. Each period has one
figure *shown* (ranked as ``best_facts`` ranks), and the chart's line runs through those
only between adjacent periods: a gap in the record is never bridged.

A comparison adds more series of the same unit (:func:`comparable`): never another
currency or unit, so one axis never mixes them.

Plain Python and SQL, no Textual.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from kctui.core import analysis_queries as queries
from kctui.core.db import Queryable
from kctui.core.periods import ParseError, parse_period, period_range

MONEY = frozenset({"CNY", "USD", "HKD"})

KIND_GROUPS: tuple[tuple[str, ...], ...] = (("Q", "H"), ("FY", "TTM"), ("D", "M"))
"""Period kinds that may share a chart's time axis: parts of a year; twelve months (a
fiscal year, a trailing twelve months); points in time (a day, a month)."""

KIND_NAMES = {
    "Q": ("quarter", "quarters"),
    "H": ("half-year", "half-years"),
    "FY": ("fiscal year", "fiscal years"),
    "TTM": ("trailing year", "trailing years"),
    "D": ("date", "dates"),
    "M": ("month", "months"),
}


def chart_kinds(kind: str, unit: str) -> tuple[str, ...]:
    """The period kinds a chart of a figure of ``kind`` in ``unit`` puts on its axis.

    A half-year's market share or margin reads on the same scale as a quarter's, so
    ratios and counts of quarters and half-years share an axis (KC's 2017H1 and 2018H1
    shares beside its 2021Q3 one); a half-year's revenue is about two quarters', so money
    keeps to its own kind there. Twelve-month figures go together, and so do figures of
    a day or a month (prices, market values).
    """
    for group in KIND_GROUPS:
        if kind in group:
            if unit in MONEY and group == ("Q", "H"):
                return (kind,)
            return group
    return (kind,)


def kinds_text(kinds: tuple[str, ...]) -> str:
    """``half-years and quarters``: the kinds of a chart, as a reader says them."""
    names = [KIND_NAMES.get(k, (k, k))[1] for k in kinds]
    return " and ".join(names)


def time_of(start: date | None, end: date | None) -> float:
    """Where a period sits on the time axis, in years: its middle (2021.5 for FY2021).

    A year and its fourth quarter end on the same day; their middles keep them apart.
    """
    first = start or end
    last = end or start
    if first is None or last is None:
        return 0.0
    middle = first.toordinal() + (last.toordinal() - first.toordinal()) / 2
    year_start = date(first.year, 1, 1).toordinal()
    return first.year + (middle - year_start) / 365.25


class Mark(NamedTuple):
    """One statement on the chart."""

    fact_id: str
    period: str
    kind: str
    x: float
    """Position on the time axis (see :func:`time_of`)."""
    value: float
    qualifier: str
    shown: bool
    """The figure shown for its period: the line runs through these."""
    disagrees: bool
    """One side of a conflict (the ``conflicts`` table): beyond what the words allow."""

    @property
    def derived(self) -> bool:
        """No source states it: computed from stated inputs."""
        return self.qualifier == "derived"


class SeriesKey(NamedTuple):
    """Which series: an entity's metric in a unit, over some period kinds."""

    entity: str
    metric: str
    unit: str
    kinds: tuple[str, ...]


class ChartSeries(NamedTuple):
    """Every statement of one entity's metric in one unit, in time order."""

    key: SeriesKey
    entity_name: str
    label: str
    marks: tuple[Mark, ...]

    @property
    def name(self) -> str:
        """``Kingsoft Cloud Holdings Limited · Revenue`` (the legend's words)."""
        return f"{self.entity_name} · {self.label}"

    @property
    def shown(self) -> tuple[Mark, ...]:
        """The figure shown for each period, in time order."""
        return tuple(m for m in self.marks if m.shown)

    @property
    def others(self) -> tuple[Mark, ...]:
        """Every other statement: restated, rounded differently, or disagreeing."""
        return tuple(m for m in self.marks if not m.shown)

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods stated, in time order."""
        return tuple(m.period for m in self.shown)

    def lines(self) -> list[tuple[Mark, ...]]:
        """Runs of shown figures in adjacent periods (a line each): a gap breaks a run.

        Quarters, halves and years are adjacent when one is the other's ``prev``; dated
        figures (days, months) as stated, one after the other.
        """
        runs: list[list[Mark]] = []
        for mark in self.shown:
            last = runs[-1][-1] if runs else None
            if last is not None and _adjacent(last, mark):
                runs[-1].append(mark)
            else:
                runs.append([mark])
        return [tuple(run) for run in runs]

    def gaps(self) -> dict[str, int]:
        """Per period kind, how many periods between the first and last stated are not."""
        out: dict[str, int] = {}
        for kind in self.key.kinds:
            if kind not in ("Q", "H", "FY"):
                continue
            stated = sorted({m.period for m in self.shown if m.kind == kind})
            if len(stated) < 2:
                continue
            missing = len(period_range(stated[0], stated[-1])) - len(stated)
            if missing:
                out[kind] = missing
        return out


def _adjacent(a: Mark, b: Mark) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("D", "M"):
        return True
    try:
        return parse_period(b.period).prev == a.period
    except ParseError:
        return False


def load_series(db: Queryable, key: SeriesKey) -> ChartSeries:
    """Every statement of ``key``'s series, with the figure shown per period."""
    names = db.rows(queries.SERIES_NAMES, [key.entity, key.metric])[0]
    rows = db.rows(queries.SERIES_STATEMENTS, [key.entity, key.metric, key.unit, list(key.kinds)])
    marks = tuple(
        Mark(
            r["fact_id"],
            r["period"],
            r["period_kind"],
            time_of(r["period_start"], r["period_end"]),
            r["value"],
            r["qualifier"],
            bool(r["best"]),
            bool(r["disagrees"]),
        )
        for r in rows
    )
    return ChartSeries(key, names["entity_name"], names["label"], marks)


def series_of(db: Queryable, entity: str, metric: str, period: str, unit: str) -> ChartSeries:
    """The series the figure ``entity``/``metric``/``period``/``unit`` belongs to."""
    try:
        kind = parse_period(period).kind
    except ParseError:
        kind = ""
    return load_series(db, SeriesKey(entity, metric, unit, chart_kinds(kind, unit)))


class Candidate(NamedTuple):
    """A series a comparison may add: same unit, same period kinds."""

    key: SeriesKey
    entity_name: str
    label: str
    same_metric: bool
    """The chart's metric for another entity (else the entity's other metric)."""
    periods: int
    """How many periods it states."""
    first: str = ""
    last: str = ""
    """Its first and last period."""

    @property
    def span(self) -> str:
        """``2017H1`` or ``2022Q1–2025Q3``."""
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


COMPARE_LIMIT = 20
"""Comparisons offered at most of each group (the same metric, other metrics)."""


def comparable(
    db: Queryable, base: SeriesKey, exclude: tuple[SeriesKey, ...] = ()
) -> tuple[Candidate, ...]:
    """Series that may share ``base``'s axis: its unit and period kinds; the same metric
    of other entities first, then the entity's other metrics; none in ``exclude``."""
    rows = db.rows(
        queries.COMPARABLE_SERIES,
        [base.entity, base.metric, base.unit, list(base.kinds), COMPARE_LIMIT + len(exclude)],
    )
    out = []
    for r in rows:
        key = SeriesKey(r["entity"], r["metric"], base.unit, base.kinds)
        if key in exclude or key == base:
            continue
        out.append(
            Candidate(
                key,
                r["entity_name"],
                r["label"],
                bool(r["same_metric"]),
                r["periods"],
                r["first"],
                r["last"],
            )
        )
    return tuple(out)
