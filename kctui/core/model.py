"""The values every layer shares: a figure's key, its statements, the quotes behind it.

Plain NamedTuples and two one-field dataclasses, no behaviour beyond a few derived
properties: the dashboard and detail loaders make them, the UI draws them, a test
compares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

SUBJECT_ENTITY = "KC"
"""The company kctui is about."""
SHOWN_QUALIFIERS = ("reported", "approx", "bound", "derived")
"""Qualifiers of figures shown as results (never estimates or guidance)."""


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
    section: str | None = None
    """The competitors panel's section this statement belongs to (``share``,
    ``revenue``, ``peers``), as the build decided it; ``None`` for the rest."""
    note: str | None = None
    """The curator's note (for a derived figure, its formula)."""
    caveat: str | None = None
    """Why to read it with care: corrected digits, or a derivation built on them."""


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


class ExcerptRow(NamedTuple):
    """An excerpt: its words and where they stand in their document."""

    excerpt_id: str
    source_id: str
    topic: str
    text: str
    first_line: int
    last_line: int


class SourceDoc(NamedTuple):
    """A source document and what is known of it (its text is in ``documents``)."""

    source_id: str
    title: str
    publisher: str
    published: date
    approximate: bool
    """The date is inferred, not printed."""
    language: str
    machine_translated_from: str | None
    url: str | None
    note: str | None


CHANGE_SUFFIXES = ("_yoy", "_qoq", "_change", "_growth", "_gain", "_cagr_4q")
"""Metric names that say a change (growth, a gain), not a level: shown with their sign."""


def is_change(metric: str | None) -> bool:
    """``metric`` is a change (``revenue_yoy``, ``share_price_change``), shown signed:
    ``+267.0%`` beside ``-12.3%``, never ``267.0%``."""
    return metric is not None and (
        metric.endswith(CHANGE_SUFFIXES) or "_yoy_" in metric or "_qoq_" in metric
    )


TOPIC_LABELS = {
    "results": "Results",
    "segments": "Segments",
    "costs": "Costs",
    "customers": "Customers",
    "guidance": "Guidance",
    "financing": "Financing",
    "ipo": "IPO and listings",
    "stock": "Share price and market value",
    "shareholding": "Shareholders",
    "market_share": "Market share",
    "competitors": "Competitors",
    "peers": "Listed peers",
    "kingsoft": "Kingsoft Corporation",
    "ai": "AI",
    "profile": "Company profile",
    "filings": "Filings",
    "estimates": "Analysts' estimates",
}
"""Excerpt topics as a reader sees them (headings, not tags)."""


def topic_label(name: str) -> str:
    """An excerpt's topic as a heading: ``Kingsoft Corporation`` for ``kingsoft``."""
    return TOPIC_LABELS.get(name, name.replace("_", " ").capitalize())
