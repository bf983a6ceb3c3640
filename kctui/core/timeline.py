"""KC's history on one time axis, as plain data: the entries and the chart's series.

:func:`load_timeline` reads the ``timeline`` view (events, financing rounds, share
prices and market values, the impairment, in date order; on an
:class:`~kctui.core.asof.AsOfSession`, as known on its day) and the quotes behind the
entries. Each :class:`Entry` knows its detail view's subject and its quote. The chart
series keep one unit each: the share price in US$ per ADS, the market value in US$;
a market value stated in another currency is listed, never converted onto the axis.
No Textual import here.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from kctui.core import queries
from kctui.core.db import Queryable
from kctui.core.model import (
    ExcerptRef,
    ExcerptRow,
    FactKey,
    Quote,
    RoundRef,
    Selection,
    SourceDoc,
    Subject,
)

TIMELINE = """
SELECT day, period, kind, entity, label, value, unit, as_stated, metric, ref_id, excerpt_id,
       topic, source_id, published
FROM timeline
"""
"""The entries, in the view's order (by day); columns in :class:`Entry`'s order."""

TIMELINE_EXCERPTS = """
SELECT x.excerpt_id, x.source_id, x.topic, x.text, x.first_line, x.last_line
FROM excerpts x
WHERE x.excerpt_id IN (SELECT excerpt_id FROM timeline)
"""
"""The quotes behind the entries (columns in ExcerptRow's order)."""

PRICE_METRICS = ("ipo_price", "share_price", "share_price_high")
"""Share prices on a day (or in a month): the price line of the chart."""
RANGE_METRICS = ("share_price_52w_high", "share_price_52w_low")
"""A 52-week high or low: the range the price moved in before the day, marked, not joined."""
CHART_CURRENCY = "USD"
"""The chart's one currency (KC's ADSs trade in US$)."""

KIND_LABELS = {"round": "Round", "price": "Share price", "value": "Market value"}
TOPIC_KINDS = {
    "ipo": "Listing",
    "filings": "Filing",
    "results": "Results",
    "stock": "Stock",
    "kingsoft": "Kingsoft",
    "financing": "Business",
    "customers": "Customer",
    "market_share": "Market",
    "ai": "AI",
    "segments": "Business",
    "guidance": "Outlook",
    "estimates": "Analysts",
    "shareholding": "Ownership",
    "profile": "Company",
}
"""An event's kind, from the topic of the excerpt that states it."""


class Entry(NamedTuple):
    """One line of the timeline: an event, a round or a figure on its day."""

    day: date
    """The first day of the period it speaks of (where the chart places it)."""
    period: str
    kind: str
    """``event``, ``round``, ``price``, ``value`` or ``impairment``."""
    entity: str
    label: str
    value: float | None
    unit: str | None
    as_stated: str | None
    metric: str | None
    ref_id: str
    excerpt_id: str
    topic: str
    source_id: str
    published: date
    """When it became known: the publication date of its source."""

    @property
    def when(self) -> str:
        """The period as a reader says it: ``2012`` for ``FY2012``."""
        return self.period[2:] if self.period.startswith("FY") else self.period

    @property
    def kind_label(self) -> str:
        """``Listing``, ``Round``, ``Share price``…; ``Scheduled`` when its source spoke of
        it ahead of the day (the next results date)."""
        if self.scheduled:
            return "Scheduled"
        if self.kind == "event":
            return TOPIC_KINDS.get(self.topic, "Event")
        if self.kind == "impairment":
            return "Impairment"
        return KIND_LABELS.get(self.kind, self.kind.capitalize())

    @property
    def scheduled(self) -> bool:
        """Its source was published before the day it speaks of (a date announced ahead)."""
        return self.day > self.published

    @property
    def figure(self) -> bool:
        """A figure (price, value, impairment), with a detail view of its own."""
        return self.kind in ("price", "value", "impairment")

    @property
    def subject(self) -> Subject:
        """What ``enter`` opens: the figure, the round, or the event's excerpt."""
        if self.figure and self.metric and self.unit:
            return FactKey(self.entity, self.metric, self.period, self.unit)
        if self.kind == "round":
            return RoundRef(self.ref_id)
        return ExcerptRef(self.excerpt_id)

    def selection(self) -> Selection:
        """The entry's quote, with its words lit."""
        quote = Quote(self.excerpt_id, (self.as_stated,) if self.as_stated else ())
        return Selection(f"{self.when} · {self.label}", (quote,), (), self.subject)


class Point(NamedTuple):
    """A point of a chart series: the day, the value, the entry it comes from."""

    day: date
    value: float
    entry: Entry


class Timeline(NamedTuple):
    """The entries, their quotes and documents, and the chart's series."""

    entries: tuple[Entry, ...]
    excerpts: dict[str, ExcerptRow]
    sources: dict[str, SourceDoc]

    def _points(self, kinds: tuple[str, ...], metrics: tuple[str, ...] | None) -> list[Point]:
        return [
            Point(e.day, e.value, e)
            for e in self.entries
            if e.kind in kinds
            and e.value is not None
            and e.unit == CHART_CURRENCY
            and (metrics is None or e.metric in metrics)
        ]

    @property
    def price(self) -> list[Point]:
        """The share price (US$ per ADS): the IPO price, prices on a day, highs."""
        return self._points(("price",), PRICE_METRICS)

    @property
    def price_range(self) -> list[Point]:
        """52-week highs and lows (US$ per ADS)."""
        return self._points(("price",), RANGE_METRICS)

    @property
    def market_value(self) -> list[Point]:
        """The market value in US$."""
        return self._points(("value",), None)

    @property
    def not_charted(self) -> list[Entry]:
        """Market values and prices stated in another currency: listed, not on the axis."""
        return [
            e
            for e in self.entries
            if e.kind in ("price", "value")
            and e.value is not None
            and e.unit not in (CHART_CURRENCY, "%")
        ]

    @property
    def span(self) -> tuple[date, date] | None:
        """The first and last day of the entries."""
        if not self.entries:
            return None
        return self.entries[0].day, max(e.day for e in self.entries)


def load_timeline(db: Queryable) -> Timeline:
    """The timeline (on an as-of session: as known on its day)."""
    entries = tuple(Entry._make(row) for row in db.query(TIMELINE).rows)
    excerpts = {row[0]: ExcerptRow._make(row) for row in db.query(TIMELINE_EXCERPTS).rows}
    sources = {row[0]: SourceDoc._make(row) for row in db.query(queries.SOURCES).rows}
    return Timeline(entries, excerpts, sources)


def year_fraction(day: date) -> float:
    """``day`` as a year with its fraction (2020-07-02 is about 2020.5): the chart's x."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length
