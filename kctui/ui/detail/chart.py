"""The detail view's chart: a figure's series over time, compared series, or the rounds.

Every statement of the series is drawn (:mod:`kctui.core.series`): the figure shown for
each period as ● (○ when only derived), joined by a line between adjacent periods (a
gap is never bridged); any other statement of the period as + (agrees within rounding)
or × (disagrees beyond it); the figure the view is about as ◆. A legend under the chart
says so, and names each series in its colour. A series of one period is a value card
(the figure, its period, its source) rather than a chart of one dot. Compared series
(``c``) share the axis only because they share the unit: one axis never mixes
currencies or units. The height follows the terminal's (detail.tcss).

What each plotext call drew is kept in :attr:`DetailChart.plotted`, so tests read the
plotted data rather than pixels. plotext (through textual-plotext) is imported when the
chart is composed, never at start-up: the dashboard never draws one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kctui.core.db import Database
from kctui.core.detail import Detail
from kctui.core.series import (
    Candidate,
    ChartSeries,
    Mark,
    SeriesKey,
    comparable,
    kinds_text,
    load_series,
)
from kctui.core.text import one_line
from kctui.ui import fmt
from kctui.ui.detail.axes import ValueAxis, chart_scale, pick_ticks, tick_label, value_axis
from kctui.ui.detail.legend import MARKERS, value_card
from kctui.ui.detail.legend import legend as legend_text
from kctui.ui.theme import Palette

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot
    from textual_plotext.plot import Plot

Y_AXIS_WIDTH = 10
"""Cells the value axis and its labels take beside the plot (for spacing the ticks)."""
PLOT_FRAME = 5
"""Lines of the plot that are not its drawing area: title, frame, ticks, axis label."""


class Plotted(NamedTuple):
    """One plotext call: which series, in which role, at which points (axis scale)."""

    series: int
    """Index in :attr:`DetailChart.series` (0: the figure's own; -1: the rounds' bars)."""
    role: str
    """``line``, ``bar`` or a key of :data:`MARKERS`."""
    periods: tuple[str, ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    """Values divided by the axis's money scale (as the axis reads)."""


class DetailChart(Vertical):
    """The chart of a detail view, its legend, or a value card."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: Detail | None = None
        self.scale = "auto"
        self.series: list[ChartSeries] = []
        """The figure's series first, then each compared series in the order added."""
        self.plotted: list[Plotted] = []
        self._db: Database | None = None
        self._drawn_at = Size(0, 0)

    def compose(self) -> ComposeResult:
        # Only now: plotext stays off the dashboard's start-up path.
        from textual_plotext import PlotextPlot

        yield PlotextPlot()
        yield Static(id="chart-legend")
        yield Static(id="chart-card")

    @property
    def plot(self) -> PlotextPlot:
        from textual_plotext import PlotextPlot

        return self.query_one(PlotextPlot)

    @property
    def legend(self) -> Static:
        return self.query_one("#chart-legend", Static)

    @property
    def card(self) -> Static:
        return self.query_one("#chart-card", Static)

    @property
    def comparisons(self) -> list[ChartSeries]:
        """The series added with ``c``."""
        return self.series[1:]

    @property
    def can_compare(self) -> bool:
        """A figure's series is shown: another of its unit may join it."""
        return bool(self.series and self.series[0].marks)

    # --- what to show -------------------------------------------------------------------

    def show(self, detail: Detail, scale: str) -> None:
        """Draw ``detail``'s chart at the money ``scale``."""
        self.detail, self.scale = detail, scale
        self.series = [detail.series] if detail.series is not None else []
        self.redraw()

    def add(self, series: ChartSeries) -> None:
        """Compare ``series`` (same unit) with what is shown."""
        if self.series and series.key.unit != self.series[0].key.unit:
            raise ValueError("a chart never mixes units")  # comparable() never offers one
        self.series.append(series)
        self.redraw()

    def remove_last(self) -> ChartSeries | None:
        """Drop the series compared last; ``None`` if there was none."""
        if len(self.series) < 2:
            return None
        gone = self.series.pop()
        self.redraw()
        return gone

    # --- comparing (c / C on the detail screen) --------------------------------------------

    class Compared(Message):
        """``series`` was added to the chart (``added``) or removed from it."""

        def __init__(self, series: ChartSeries, added: bool) -> None:
            self.series = series
            self.added = added
            super().__init__()

    class _Offered(Message):
        def __init__(self, candidates: tuple[Candidate, ...]) -> None:
            self.candidates = candidates
            super().__init__()

    class _Loaded(Message):
        def __init__(self, series: ChartSeries) -> None:
            self.series = series
            super().__init__()

    def offer(self, db: Database) -> None:
        """Find the series that may join the chart (off the UI thread), then offer them."""
        self._db = db
        if self.can_compare:
            self._find(db, self.series[0].key, tuple(s.key for s in self.series))

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def _find(self, db: Database, base: SeriesKey, shown: tuple[SeriesKey, ...]) -> None:
        self.post_message(self._Offered(comparable(db, base, shown)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def _load(self, db: Database, key: SeriesKey) -> None:
        self.post_message(self._Loaded(load_series(db, key)))

    def on_detail_chart__offered(self, message: _Offered) -> None:
        from kctui.ui.detail.compare import CompareScreen

        base = self.series[0]
        if not message.candidates:
            self.notify(
                f"Nothing else is stated in {fmt.unit_text(base.key.unit)} over "
                f"{kinds_text(base.key.kinds)} to compare with.",
                markup=False,
            )
            return

        def chosen(candidate: Candidate | None) -> None:
            if candidate is not None and self._db is not None:
                self._load(self._db, candidate.key)

        self.app.push_screen(CompareScreen(base, message.candidates), chosen)

    def on_detail_chart__loaded(self, message: _Loaded) -> None:
        self.add(message.series)
        self.post_message(self.Compared(message.series, added=True))

    def drop_last(self) -> None:
        """Remove the series compared last (``C``)."""
        gone = self.remove_last()
        if gone is not None:
            self.post_message(self.Compared(gone, added=False))

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        # A comparison that cannot load says so here; the detail itself is unharmed.
        event.stop()
        if event.state == WorkerState.ERROR:
            self.notify(
                f"Could not compare: {one_line(str(event.worker.error))}",
                severity="error",
                markup=False,
            )

    def on_resize(self, event: events.Resize) -> None:
        # Ticks are spaced for the plot's width and values for its height: draw again
        # when either has changed since the last drawing (not when only the legend grew).
        if self.detail is not None and self.plot.size != self._drawn_at:
            self.redraw()

    def redraw(self) -> None:
        """Draw the chart (or the value card) from :attr:`series` or the rounds."""
        detail = self.detail
        self.plotted = []
        if detail is None:
            return
        plot, legend, card = self.plot, self.legend, self.card
        self._drawn_at = plot.size
        single = len(self.series) == 1 and len(set(self.series[0].periods)) == 1
        has_chart = any(s.marks for s in self.series) or (detail.bars and detail.points)
        self.display = bool(has_chart)
        if not has_chart:
            return
        plot.display = not single
        legend.display = not single and not detail.bars
        card.display = single
        if single:
            card.update(value_card(self.series[0], detail, self.scale, Palette.of(self)))
            return
        plt = plot.plt
        plt.clear_figure()
        if detail.bars:
            self._draw_bars(plt, detail)
        else:
            self._draw_series(plt, detail)
            roles = [p.role for p in self.plotted]
            legend.update(
                legend_text(self.series, self._colours(), roles, detail.highlight, Palette.of(self))
            )
        plot.refresh()

    # --- drawing ------------------------------------------------------------------------

    def _colours(self) -> list[tuple[int, int, int]]:
        theme = self.app.current_theme
        picks = (theme.primary, theme.secondary, theme.accent, theme.success, theme.error)
        return [_rgb(c) for c in picks if c] or [_rgb(None)]

    def _marked(self) -> tuple[int, int, int]:
        theme = self.app.current_theme
        return _rgb(theme.warning or theme.accent or theme.primary)

    def _draw_series(self, plt: Plot, detail: Detail) -> None:
        marks = [m for s in self.series for m in s.marks]
        divisor, axis = chart_scale([m.value for m in marks], detail.unit, self.scale)
        colours, marked = self._colours(), self._marked()
        xs = [m.x for m in marks]
        low, high = min(xs), max(xs)
        pad = max(0.25, (high - low) * 0.04)
        low, high = low - pad, high + pad
        room = max(10, (self.plot.size.width or 80) - Y_AXIS_WIDTH)
        cell = (high - low) / room
        axis_y = self._value_range(plt, [m.value / divisor for m in marks])

        def draw(
            index: int,
            role: str,
            group: Sequence[Mark],
            colour: tuple[int, int, int],
            offsets: dict[str, int] | None = None,
        ) -> None:
            xs = tuple(m.x for m in group)
            ys = tuple(m.value / divisor for m in group)
            if role == "line":
                plt.plot(xs, ys, color=colour, marker="·")
            else:
                # Other statements of a period stand one cell apart, right of the
                # figure shown: "●×" reads as two statements even when they round alike.
                shift = offsets or {}
                drawn = [m.x + cell * shift.get(m.fact_id, 0) for m in group]
                plt.scatter(drawn, ys, color=colour, marker=MARKERS[role][0])
            self.plotted.append(Plotted(index, role, tuple(m.period for m in group), xs, ys))

        for index, series in enumerate(self.series):
            colour = colours[index % len(colours)]
            others, shown = series.others, series.shown
            offsets: dict[str, int] = {}
            per_period: dict[str, int] = {}
            for mark in others:
                per_period[mark.period] = offsets[mark.fact_id] = per_period.get(mark.period, 0) + 1
            for run in series.lines():
                if len(run) > 1:
                    draw(index, "line", run, colour)
            agree = [m for m in others if not m.disagrees]
            disagree = [m for m in others if m.disagrees]
            stated = [m for m in shown if not m.derived]
            derived = [m for m in shown if m.derived]
            for role, group, tint in (
                ("other", agree, colour),
                ("disagrees", disagree, marked),
                ("shown", stated, colour),
                ("derived", derived, colour),
            ):
                if group:
                    draw(index, role, group, tint, offsets)
        this = [m for m in self.series[0].shown if m.period == detail.highlight]
        if this:
            draw(0, "this", this, marked)
        self._label_values(plt, axis_y.step, divisor)
        plt.xlim(low, high)
        ticks = sorted({(m.x, one_line(m.period)) for s in self.series for m in s.shown})
        chosen = pick_ticks(ticks, low, high, room, detail.highlight)
        plt.xticks([x for x, _ in chosen], [label for _, label in chosen])
        plt.title(self._title(detail))
        plt.ylabel(axis)

    def _label_values(self, plt: Plot, step: float, divisor: float) -> None:
        """Write each figure shown above its point, when there are few enough to read."""
        shown = [(s.key, m) for s in self.series for m in s.shown]
        room = max(10, (self.plot.size.width or 80) - Y_AXIS_WIDTH)
        if not shown or len(shown) > max(6, room // 9):
            return
        # One line up (a line of the plot is worth ``step``).
        for key, mark in shown:
            label = fmt.value(mark.value, key.unit, self.scale, metric=key.metric)
            plt.text(label, mark.x, mark.value / divisor + step, alignment="center")

    def _title(self, detail: Detail) -> str:
        if len(self.series) == 1:
            return one_line(detail.chart_title)
        more = len(self.series) - 1
        return one_line(f"{detail.chart_title}, with {more} compared")

    def _value_range(self, plt: Plot, values: list[float]) -> ValueAxis:
        """Set and return the value axis (see :func:`value_axis`)."""
        axis = value_axis(values, (self.plot.size.height or 16) - PLOT_FRAME)
        plt.ylim(axis.low, axis.high)
        plt.yticks(list(axis.ticks), [tick_label(t) for t in axis.ticks])
        return axis

    def _draw_bars(self, plt: Plot, detail: Detail) -> None:
        """The financing rounds, one bar each (the view's round lit)."""
        divisor, axis = chart_scale([p.value for p in detail.points], detail.unit, self.scale)
        colour, marked = self._colours()[0], self._marked()
        xs = list(range(1, len(detail.points) + 1))
        labels = [one_line(p.period) for p in detail.points]
        values = [(p.value or 0.0) / divisor for p in detail.points]
        plt.bar(xs, values, color=colour, width=0.6)
        periods = tuple(p.period for p in detail.points)
        self.plotted.append(Plotted(-1, "bar", periods, tuple(map(float, xs)), tuple(values)))
        for x, p, v in zip(xs, detail.points, values, strict=True):
            if p.period == detail.highlight:
                plt.bar([x], [v], color=marked, width=0.6, reset_ticks=False)
        # Label only as many ticks as fit side by side.
        room = max(1, (self.plot.size.width or 80) - Y_AXIS_WIDTH)
        widest = max(len(label) for label in labels) + 2
        step = max(1, -(-len(labels) * widest // room))
        plt.xticks([float(x) for x in xs[::step]], labels[::step])
        plt.xlim(0.5, len(xs) + 0.5)
        self._value_range(plt, values)
        plt.title(one_line(detail.chart_title))
        plt.ylabel(axis)


def _rgb(colour: str | None) -> tuple[int, int, int]:
    from textual.color import Color

    parsed = Color.parse(colour or "white")
    return (parsed.r, parsed.g, parsed.b)
