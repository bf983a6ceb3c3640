"""What the dashboard shows, computed from the database: plain Python, no Textual.

:func:`load_dashboard` runs the panels' named queries (:mod:`kctui.core.queries`) once and
returns frozen dataclasses the widgets only have to draw. Every number shown is a
:class:`Figure` that knows the statements behind it, so any row can say which
excerpts to show (a :class:`Selection`) and what its detail view is (a subject:
:class:`FactKey`, :class:`RoundRef` or :class:`ExcerptRef`).

Gaps stay gaps: a period no source reports becomes a gap row and a ``None`` in the
sparkline series, never an interpolated value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from kctui.core import queries
from kctui.core.db import Database
from kctui.core.periods import ParseError, parse_period, period_range, with_gaps

SUBJECT_ENTITY = "KC"
SHOWN_QUALIFIERS = ("reported", "approx", "derived")
"""Qualifiers of figures the dashboard shows as results (never estimates or guidance)."""


# --- identities -------------------------------------------------------------------------


class FactKey(NamedTuple):
    """One figure: an entity's metric for a period, in a unit.

    A NamedTuple rather than a frozen dataclass, as are the other values here: the
    dashboard builds and hashes tens of thousands of them at 1000x the data, a tuple
    does that in C, and a NamedTuple class costs a fifth of a dataclass to create at
    start-up. (The two one-field subjects below stay dataclasses, so that a round and
    an excerpt with the same id are never equal.)
    """

    entity: str
    metric: str
    period: str
    unit: str


@dataclass(frozen=True)
class RoundRef:
    """A financing round (the subject of its detail view)."""

    round_id: str


@dataclass(frozen=True)
class ExcerptRef:
    """A source excerpt (the subject of its detail view)."""

    excerpt_id: str


Subject = FactKey | RoundRef | ExcerptRef


# --- statements and figures ------------------------------------------------------------


class Statement(NamedTuple):
    """One row of ``facts_all``: a number a source states, or one derived from others."""

    fact_id: str
    key: FactKey
    label: str
    period_kind: str
    period_end: date | None
    value: float
    qualifier: str
    as_stated: str | None
    excerpt_id: str | None
    formula: str | None = None
    inputs: tuple[str, ...] = ()
    best: bool = False
    conflict: bool = False


class Figure(NamedTuple):
    """A number a panel shows, with every statement of the same key behind it."""

    key: FactKey
    label: str
    value: float
    qualifier: str
    statements: tuple[Statement, ...]
    conflict: bool

    @property
    def derived(self) -> bool:
        """Shown from a formula, no source states it."""
        return self.qualifier == "derived"

    @property
    def approx(self) -> bool:
        """The best statement is approximate ("nearly", "about")."""
        return self.qualifier == "approx"

    @property
    def formula(self) -> str | None:
        """The formula of the derived statement of this key, if any."""
        for s in self.statements:
            if s.qualifier == "derived":
                return s.formula
        return None


class Quote(NamedTuple):
    """An excerpt to show, and the words in it to highlight."""

    excerpt_id: str
    highlights: tuple[str, ...]


class Selection(NamedTuple):
    """What the cursor is on: its title, figures, the quotes behind them, its detail."""

    title: str
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...] = ()
    subject: Subject | None = None


class FactIndex:
    """Every statement, by id and by key, and which keys sources disagree on."""

    def __init__(
        self, statements: Iterable[Statement], conflicts: Iterable[tuple[str, str, str]] = ()
    ) -> None:
        self.by_id: dict[str, Statement] = {}
        self.by_key: dict[FactKey, list[Statement]] = {}
        self.by_excerpt: dict[str, list[Statement]] = {}
        # Keys by entity, and by entity and period: lookups stay linear on big data.
        self.keys_of: dict[str, dict[FactKey, None]] = {}
        self.keys_in: dict[tuple[str, str], dict[FactKey, None]] = {}
        disagreements = set(conflicts)
        for s in statements:
            self.by_id[s.fact_id] = s
            self.by_key.setdefault(s.key, []).append(s)
            self.keys_of.setdefault(s.key.entity, {})[s.key] = None
            self.keys_in.setdefault((s.key.entity, s.key.period), {})[s.key] = None
            if s.excerpt_id:
                self.by_excerpt.setdefault(s.excerpt_id, []).append(s)
            if s.conflict:
                disagreements.add((s.key.entity, s.key.metric, s.key.period))
        self.conflicts = frozenset(disagreements)

    def figure(self, key: FactKey) -> Figure | None:
        """The figure shown for ``key`` (reported, approx or derived), or ``None``."""
        shown = [s for s in self.by_key.get(key, ()) if s.qualifier in SHOWN_QUALIFIERS]
        if not shown:
            return None
        best = next((s for s in shown if s.best), shown[0])
        # The statement shown first, then the other sources, derived last.
        ordered = sorted(shown, key=lambda s: (s is not best, s.qualifier == "derived", s.fact_id))
        return Figure(
            key=key,
            label=best.label,
            value=best.value,
            qualifier=best.qualifier,
            statements=tuple(ordered),
            conflict=(key.entity, key.metric, key.period) in self.conflicts,
        )

    def find(self, entity: str, metric: str, period: str, units: Sequence[str]) -> Figure | None:
        """The figure for the first of ``units`` that has one."""
        for unit in units:
            fig = self.figure(FactKey(entity, metric, period, unit))
            if fig is not None:
                return fig
        return None

    def figures_of(self, entity: str, period: str) -> list[Figure]:
        """Every figure shown for ``entity`` in ``period``, in metric order."""
        keys = sorted(self.keys_in.get((entity, period), ()), key=lambda k: (k.metric, k.unit))
        return [f for k in keys if (f := self.figure(k)) is not None]

    def quotes(self, figures: Iterable[Figure]) -> tuple[Quote, ...]:
        """The excerpts behind ``figures``, each once, with every figure's words to highlight.

        A derived figure is backed by the quotes of its inputs.
        """
        order: list[str] = []
        words: dict[str, list[str]] = {}

        def add(excerpt_id: str | None, as_stated: str | None) -> None:
            if not excerpt_id:
                return
            if excerpt_id not in words:
                order.append(excerpt_id)
                words[excerpt_id] = []
            if as_stated and as_stated not in words[excerpt_id]:
                words[excerpt_id].append(as_stated)

        for fig in figures:
            for s in fig.statements:
                if s.qualifier == "derived":
                    for input_id in s.inputs:
                        source = self.by_id.get(input_id)
                        if source is not None:
                            add(source.excerpt_id, source.as_stated)
                else:
                    add(s.excerpt_id, s.as_stated)
        return tuple(Quote(e, tuple(words[e])) for e in order)

    def selection(
        self, title: str, figures: Sequence[Figure], subject: Subject | None = None
    ) -> Selection:
        """A selection of ``figures``; its detail is ``subject`` (the first figure's key)."""
        if subject is None and figures:
            subject = figures[0].key
        return Selection(title, self.quotes(figures), tuple(figures), subject)


# --- panels --------------------------------------------------------------------------------


class KeyFigure(NamedTuple):
    """One figure of the header strip, with its as-of date."""

    label: str
    amount: float | None
    unit: str | None
    change: float | None
    change_label: str
    as_of: str
    selection: Selection
    short_label: str = ""
    """The label for a narrow terminal."""


class RoundRow(NamedTuple):
    """A financing round, IPO included, with the total raised so far (IPO excluded)."""

    round_id: str
    announced: str
    round: str
    amount: float | None
    currency: str | None
    investors: str | None
    as_stated: str | None
    excerpt_id: str
    note: str | None
    cumulative: float | None

    @property
    def when(self) -> str:
        """The announced period as a reader says it (``2012`` for ``FY2012``)."""
        return self.announced[2:] if self.announced.startswith("FY") else self.announced

    def selection(self) -> Selection:
        """The round's quote."""
        quote = Quote(self.excerpt_id, (self.as_stated,) if self.as_stated else ())
        return Selection(f"{self.round} round · {self.when}", (quote,), (), RoundRef(self.round_id))


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

    @property
    def short_label(self) -> str:
        """The label with the gap's end shortened: ``2022Q3–23Q4``, ``FY2019–21``."""
        if not self.gap_end or self.gap_end == self.period:
            return self.period
        end = self.gap_end
        if end.startswith("FY"):
            return f"{self.period}–{end[4:]}"
        return f"{self.period}–{end[2:]}"


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


class ExcerptRow(NamedTuple):
    """An excerpt with its document's publisher, date and language."""

    excerpt_id: str
    source_id: str
    publisher: str
    published: date
    language: str
    topic: str
    text: str


class SourceDoc(NamedTuple):
    """A source document."""

    source_id: str
    title: str
    publisher: str
    published: date
    language: str
    url: str | None


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
            f"Excerpt {row.excerpt_id} · {row.topic}",
            (quote,),
            tuple(figures),
            ExcerptRef(row.excerpt_id),
        )


# --- loading ---------------------------------------------------------------------------------


def _statements(db: Database) -> list[Statement]:
    """Every statement of dashboard_facts (thousands at scale: built from tuples)."""
    return [
        Statement(f, FactKey(e, m, p, u), la, pk, pe, v, q, st, x, fo, tuple(i or ()), b, c)
        for f, e, m, p, u, la, pk, pe, v, q, st, x, fo, i, b, c in db.query(
            queries.DASHBOARD_FACTS_STORED
        ).rows
    ]


FIRST_FISCAL_YEAR = "FY2017"
"""The annual table starts here, as the ``annual_results`` view does."""


def _results(kind: str, index: FactIndex) -> Results:
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


def _latest(figures: Iterable[Figure]) -> Figure | None:
    def end(f: Figure) -> date:
        s = next((s for s in f.statements if s.period_end), None)
        return s.period_end if s and s.period_end else date.min

    return max(figures, key=end, default=None)


def _key_figures(
    quarterly: Results,
    annual: Results,
    rounds: Sequence[RoundRow],
    index: FactIndex,
) -> tuple[KeyFigure, ...]:
    out: list[KeyFigure] = []

    def as_of(period: str) -> str:
        try:
            end = parse_period(period).end
        except ParseError:
            return period
        return end.isoformat() if end else period

    # Latest reported quarter's revenue (in whatever currency the latest source gives).
    quarter = next(
        (r for r in reversed(quarterly.rows) if not r.is_gap and r.cells[0] is not None), None
    )
    if quarter is not None:
        revenue, yoy = quarter.cells[0], quarter.cells[1]
        assert revenue is not None
        figs = [f for f in (revenue, yoy) if f is not None]
        out.append(
            KeyFigure(
                f"Revenue {quarter.period}",
                revenue.value,
                revenue.key.unit,
                yoy.value if yoy else None,
                "YoY",
                as_of(quarter.period),
                index.selection(f"Revenue · {quarter.period}", figs),
                f"Rev. {quarter.period}",
            )
        )
    # Latest fiscal year's gross margin.
    year = next((r for r in reversed(annual.rows) if not r.is_gap and r.cells[2] is not None), None)
    if year is not None:
        margin = year.cells[2]
        assert margin is not None
        out.append(
            KeyFigure(
                f"Gross margin {year.period}",
                margin.value,
                "%",
                None,
                "",
                as_of(year.period),
                index.selection(f"Gross margin · {year.period}", [margin]),
                f"Margin {year.period}",
            )
        )
    # Latest market value.
    caps = [
        f
        for k in index.keys_of.get(SUBJECT_ENTITY, ())
        if k.metric == "market_cap"
        if (f := index.figure(k)) is not None and f.qualifier != "derived"
    ]
    cap = _latest(caps)
    if cap is not None:
        out.append(
            KeyFigure(
                "Market value",
                cap.value,
                cap.key.unit,
                None,
                "",
                as_of(cap.key.period),
                index.selection(f"Market value · {cap.key.period}", [cap]),
            )
        )
    # Total raised before the IPO.
    before = [r for r in rounds if r.round != "IPO" and r.amount is not None]
    if before:
        currencies = {r.currency for r in before}
        total = sum(r.amount for r in before if r.amount is not None)
        quotes = tuple(q for r in before for q in r.selection().quotes)
        out.append(
            KeyFigure(
                "Raised before the IPO",
                total,
                before[0].currency if len(currencies) == 1 else None,
                None,
                "",
                f"{before[-1].when} · {len(before)} rounds",
                Selection("Raised before the IPO", quotes, (), RoundRef(before[-1].round_id)),
                "Raised pre-IPO",
            )
        )
    return tuple(out)


SECTIONS = {
    "China cloud share": "IaaS, IDC",
    "2021 cloud revenue": "growth YoY",
    "Stock-page peers": "",
}
"""The competitors panel's sections: title, and a note (the period when it is empty)."""

# What DASHBOARD_FACTS loads for the competitors panel (besides KC's own facts).
MARKET_SHARE_ENTITIES = queries.MARKET_SHARE_ENTITIES
PEER_NOTES = queries.PEER_NOTES


_CORPORATE_SUFFIXES = (
    " Holdings Limited",
    " Corporation",
    ", Inc.",
    " Inc.",
    " inc.",
    " Entertainment",
    " Software",
)


def short_name(name: str) -> str:
    """A company's name as a table can hold it: ``Tianyi Cloud``, ``WEBTOON``, ``ePlus``."""
    if " (" in name and name.endswith(")"):
        name = name[: name.index(" (")]
    changed = True
    while changed:
        changed = False
        for suffix in _CORPORATE_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name, changed = name[: -len(suffix)], True
    return name


def _competitors(
    index: FactIndex, entities: dict[str, dict[str, Any]]
) -> tuple[CompetitorRow, ...]:
    rows: list[CompetitorRow] = []

    def section(title: str, members: list[CompetitorRow]) -> None:
        if not members:
            return
        figures = [f for m in members for f in (m.figure, *m.notes) if f is not None]
        top = max((m.figure.value for m in members if m.figure is not None), default=0.0)
        periods = {m.period for m in members if m.period}
        one_period = len(periods) == 1
        about = SECTIONS[title] or (periods.pop() if one_period else "")
        rows.append(
            CompetitorRow(
                about,
                title,
                "",
                heading=True,
                selection=index.selection(f"{title}" + (f" ({about})" if about else ""), figures),
            )
        )
        for m in members:
            rows.append(
                CompetitorRow(
                    m.section,
                    m.name,
                    m.period,
                    m.figure,
                    m.notes,
                    top,
                    False,
                    m.is_kc,
                    m.selection,
                    show_period=not one_period,
                )
            )

    def member(
        title: str, entity: str, period: str, main: Figure | None, notes: Sequence[Figure | None]
    ) -> CompetitorRow:
        name = short_name(entities.get(entity, {}).get("name") or entity)
        extra = tuple(n for n in notes if n is not None)
        figs = [f for f in (main, *extra) if f is not None]
        return CompetitorRow(
            title,
            name,
            period,
            main,
            extra,
            is_kc=entity == SUBJECT_ENTITY,
            selection=index.selection(f"{name} · {period}", figs),
        )

    def top(members: list[CompetitorRow]) -> list[CompetitorRow]:
        # The first entities and KC: DASHBOARD_FACTS loads no more, but facts stated in
        # the loaded excerpts may name others.
        others = 0
        out = []
        for m in members:
            if not m.is_kc:
                others += 1
                if others > queries.DASHBOARD_FACTS_LIMIT:
                    continue
            out.append(m)
        return out

    # China public cloud market share over time.
    title = "China cloud share"
    share_keys = sorted(
        (
            k
            for entity in MARKET_SHARE_ENTITIES
            for k in index.keys_of.get(entity, ())
            if k.metric == "market_share"
        ),
        key=lambda k: k.period,
    )
    members = []
    for k in share_keys:
        share = index.figure(k)
        if share is None:
            continue
        rank = index.find(k.entity, "market_rank", k.period, ("count",))
        members.append(member(title, k.entity, k.period, share, [rank]))
    members.sort(key=lambda m: (m.period, -(m.figure.value if m.figure else 0)))
    section(title, members)

    # 2021 revenue of the operators' clouds and Huawei, against KC.
    title = "2021 cloud revenue"
    members = []
    for entity, info in entities.items():
        if info["kind"] != "competitor" and entity != SUBJECT_ENTITY:
            continue
        revenue = index.find(entity, "revenue", "FY2021", ("CNY",))
        if revenue is None:
            continue
        growth = index.find(entity, "revenue_yoy", "FY2021", ("%",))
        members.append(member(title, entity, "FY2021", revenue, [growth]))
    members.sort(key=lambda m: -(m.figure.value if m.figure else 0))
    section(title, top(members))

    # The stock page's peer comparison: market value, with the ratios it lists.
    title = "Stock-page peers"
    members = []
    for entity, info in entities.items():
        if info["kind"] != "peer" and entity != SUBJECT_ENTITY:
            continue
        stated = list(index.keys_of.get(entity, ()))
        caps = [
            f
            for k in stated
            if k.metric == "market_cap" and k.unit == "USD"
            if (f := index.figure(k)) is not None
        ]
        cap = _latest(caps)
        notes = []
        for metric in PEER_NOTES:
            candidates = [
                f
                for k in stated
                if k.metric == metric and k.period in ("TTM", "2025Q3")
                if (f := index.figure(k)) is not None
            ]
            notes.append(candidates[0] if candidates else None)
        if entity == SUBJECT_ENTITY and cap is None:
            continue
        if cap is None and not any(notes):
            continue
        # Peers without a market value take the page's date with the others.
        period = cap.key.period if cap else ""
        members.append(member(title, entity, period, cap, notes))
    members.sort(key=lambda m: (m.figure is None, -(m.figure.value if m.figure else 0)))
    section(title, top(members))
    return tuple(rows)


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
    quarterly = _results("Q", index)
    annual = _results("FY", index)
    entities = {r["entity"]: r for r in db.rows(queries.ENTITIES)}
    excerpt_total = int(db.rows(queries.EXCERPT_COUNT)[0]["n"])
    # The first excerpts by id, and every one a loaded figure or a round quotes. The
    # query's columns are ExcerptRow's fields, in order.
    excerpts = tuple(
        map(ExcerptRow._make, db.query(queries.EXCERPTS_BOUNDED, [queries.EXCERPTS_LIMIT]).rows)
    )
    sources = tuple(
        SourceDoc(
            r["source_id"], r["title"], r["publisher"], r["published"], r["language"], r["url"]
        )
        for r in db.rows(queries.SOURCES)
    )
    stated: dict[str, list[str]] = {}
    for s in statements:
        if s.excerpt_id and s.as_stated and s.as_stated not in stated.setdefault(s.excerpt_id, []):
            stated[s.excerpt_id].append(s.as_stated)
    for r in rounds:
        if r.as_stated and r.as_stated not in stated.setdefault(r.excerpt_id, []):
            stated[r.excerpt_id].append(r.as_stated)
    return Dashboard(
        key_figures=_key_figures(quarterly, annual, rounds, index),
        rounds=rounds,
        raised_total=raised_total,
        raised_currency=raised_currency,
        quarterly=quarterly,
        annual=annual,
        competitors=_competitors(index, entities),
        excerpts=excerpts,
        sources=sources,
        index=index,
        stated_in={k: tuple(v) for k, v in stated.items()},
        excerpt_total=excerpt_total,
    )
