"""The key figures strip and the competitors panel, assembled from the fact index.

Which entities, metrics and periods the competitors panel compares is decided once, in
SQL, when the build fills ``dashboard_facts`` (its ``section`` column, see
:data:`kctui.core.queries.DASHBOARD_FACTS`); here the tagged figures are only grouped
and ordered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from kctui.core import queries
from kctui.core.facts import FactIndex
from kctui.core.financials import Results
from kctui.core.model import SUBJECT_ENTITY, Figure, RoundRef, RoundRow, Selection
from kctui.core.periods import ParseError, parse_period


class KeyFigure(NamedTuple):
    """One figure of the header strip, with its as-of date."""

    label: str
    amount: float | None
    unit: str | None
    change: float | None
    change_label: str
    as_of: str
    selection: Selection


class CompetitorRow(NamedTuple):
    """A row of the competitors panel: a section heading, or one entity's figure.

    A heading's ``name`` is the section's short title and ``section`` says what it compares.
    """

    section: str
    name: str
    period: str
    figure: Figure | None = None
    notes: tuple[Figure, ...] = ()
    maximum: float = 0.0
    heading: bool = False
    is_kc: bool = False
    selection: Selection = Selection("", ())
    show_period: bool = False
    """The section mixes periods, so the row says its own."""


def _latest(figures: Iterable[Figure]) -> Figure | None:
    def end(f: Figure) -> date:
        s = next((s for s in f.statements if s.period_end), None)
        return s.period_end if s and s.period_end else date.min

    return max(figures, key=end, default=None)


def _as_of(period: str) -> str:
    """The date a period's figure speaks of: its last day."""
    try:
        end = parse_period(period).end
    except ParseError:
        return period
    return end.isoformat() if end else period


def _quarter_revenue(quarterly: Results, index: FactIndex) -> KeyFigure | None:
    """The latest reported quarter's revenue (in the currency its source states) and its
    growth."""
    quarter = quarterly.latest("revenue", "revenue_usd")
    if quarter is None:
        return None
    revenue = quarterly.cell(quarter, "revenue") or quarterly.cell(quarter, "revenue_usd")
    yoy = quarterly.cell(quarter, "revenue_yoy")
    if revenue is None:
        return None
    figs = [f for f in (revenue, yoy) if f is not None]
    return KeyFigure(
        f"Revenue {quarter.period}",
        revenue.value,
        revenue.key.unit,
        yoy.value if yoy else None,
        "YoY",
        _as_of(quarter.period),
        index.selection(f"Revenue · {quarter.period}", figs),
    )


def _year_margin(annual: Results, index: FactIndex) -> KeyFigure | None:
    """The latest fiscal year's gross margin."""
    year = annual.latest("gross_margin")
    margin = annual.cell(year, "gross_margin") if year is not None else None
    if year is None or margin is None:
        return None
    return KeyFigure(
        f"Gross margin {year.period}",
        margin.value,
        "%",
        None,
        "",
        _as_of(year.period),
        index.selection(f"Gross margin · {year.period}", [margin]),
    )


def _market_value(index: FactIndex) -> KeyFigure | None:
    """The latest stated market value."""
    caps = [
        f
        for k in index.keys_of.get(SUBJECT_ENTITY, ())
        if k.metric == "market_cap"
        if (f := index.figure(k)) is not None and f.qualifier != "derived"
    ]
    cap = _latest(caps)
    if cap is None:
        return None
    return KeyFigure(
        "Market value",
        cap.value,
        cap.key.unit,
        None,
        "",
        _as_of(cap.key.period),
        index.selection(f"Market value · {cap.key.period}", [cap]),
    )


def _raised(rounds: Sequence[RoundRow]) -> KeyFigure | None:
    """The total raised before the IPO."""
    before = [r for r in rounds if r.round != "IPO" and r.amount is not None]
    if not before:
        return None
    currencies = {r.currency for r in before}
    total = sum(r.amount for r in before if r.amount is not None)
    quotes = tuple(q for r in before for q in r.selection().quotes)
    return KeyFigure(
        "Raised before the IPO",
        total,
        before[0].currency if len(currencies) == 1 else None,
        None,
        "",
        f"{before[-1].when} · {len(before)} rounds",
        Selection("Raised before the IPO", quotes, (), RoundRef(before[-1].round_id)),
    )


def key_figures(
    quarterly: Results,
    annual: Results,
    rounds: Sequence[RoundRow],
    index: FactIndex,
) -> tuple[KeyFigure, ...]:
    """The header strip: latest quarter's revenue, latest margin, market value, raised."""
    found = (
        _quarter_revenue(quarterly, index),
        _year_margin(annual, index),
        _market_value(index),
        _raised(rounds),
    )
    return tuple(f for f in found if f is not None)


SECTIONS = {
    "share": ("China cloud share", "IaaS, IDC"),
    "revenue": ("{year} cloud revenue", "growth YoY"),
    "peers": ("Stock-page peers", ""),
}
"""The competitors panel's sections: title, and a note (the period when it is empty)."""

SHARE_NOTES = ("market_rank",)
REVENUE_NOTES = ("revenue_yoy",)
PEER_NOTES = queries.PEER_NOTES
"""The ratios the peers section lists beside each market value (as the build tags them)."""


def _section_figures(index: FactIndex, section: str) -> dict[str, list[Figure]]:
    """The figures the build tagged for ``section``, by entity, in key order."""
    out: dict[str, list[Figure]] = {}
    for key in sorted(index.keys_by_section.get(section, ())):
        fig = index.figure(key)
        if fig is not None:
            out.setdefault(key.entity, []).append(fig)
    return out


def _member(
    index: FactIndex,
    names: dict[str, str],
    section: str,
    main: Figure | None,
    period: str,
    notes: Sequence[Figure | None],
    entity: str,
) -> CompetitorRow:
    name = names.get(entity) or entity
    extra = tuple(n for n in notes if n is not None)
    figures = [f for f in (main, *extra) if f is not None]
    return CompetitorRow(
        section,
        name,
        period,
        main,
        extra,
        is_kc=entity == SUBJECT_ENTITY,
        selection=index.selection(f"{name} · {period}" if period else name, figures),
    )


def _heading(index: FactIndex, section: str, members: list[CompetitorRow]) -> list[CompetitorRow]:
    """The section's heading row and its members, each knowing the section's top value."""
    if not members:
        return []
    figures = [f for m in members for f in (m.figure, *m.notes) if f is not None]
    top = max((m.figure.value for m in members if m.figure is not None), default=0.0)
    periods = {m.period for m in members if m.period}
    one_period = len(periods) == 1
    title, about = SECTIONS[section]
    year = next(iter(periods))[2:] if one_period and section == "revenue" else ""
    title = title.format(year=year)
    about = about or (next(iter(periods)) if one_period else "")
    heading = CompetitorRow(
        about,
        title,
        "",
        heading=True,
        selection=index.selection(title + (f" ({about})" if about else ""), figures),
    )
    return [heading] + [m._replace(maximum=top, show_period=not one_period) for m in members]


def _by_metric(figures: Iterable[Figure], metric: str) -> list[Figure]:
    return [f for f in figures if f.key.metric == metric]


def _per_period(
    index: FactIndex,
    names: dict[str, str],
    section: str,
    metric: str,
    note_metrics: Sequence[str],
    note_unit: str,
) -> list[CompetitorRow]:
    """A member per figure of ``metric`` in ``section``, with its period's notes."""
    members = []
    for entity, figures in _section_figures(index, section).items():
        for fig in _by_metric(figures, metric):
            period = fig.key.period
            notes = [index.find(entity, m, period, (note_unit,)) for m in note_metrics]
            members.append(_member(index, names, section, fig, period, notes, entity))
    return members


def competitors(index: FactIndex, names: dict[str, str]) -> tuple[CompetitorRow, ...]:
    """Market share over time, the competitors' revenue, the stock page's peers."""
    rows: list[CompetitorRow] = []
    # China public cloud market share, period by period, largest first.
    share = _per_period(index, names, "share", "market_share", SHARE_NOTES, "count")
    share.sort(key=lambda m: (m.period, -(m.figure.value if m.figure else 0)))
    rows += _heading(index, "share", share)
    # The latest year's cloud revenue of the competitors, against KC's.
    revenue = _per_period(index, names, "revenue", "revenue", REVENUE_NOTES, "%")
    revenue.sort(key=lambda m: -(m.figure.value if m.figure else 0))
    rows += _heading(index, "revenue", revenue)
    # The stock page's peer comparison: market value, with the ratios it lists.
    members = []
    for entity, figures in _section_figures(index, "peers").items():
        cap = _latest(f for f in _by_metric(figures, "market_cap") if f.key.unit == "USD")
        notes = [next(iter(_by_metric(figures, m)), None) for m in PEER_NOTES]
        if cap is None and (entity == SUBJECT_ENTITY or not any(notes)):
            continue
        period = cap.key.period if cap else ""
        members.append(_member(index, names, "peers", cap, period, notes, entity))
    members.sort(key=lambda m: (m.figure is None, -(m.figure.value if m.figure else 0)))
    rows += _heading(index, "peers", members)
    return tuple(rows)
