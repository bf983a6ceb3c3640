"""The detail view's chart: a metric over time, or the financing rounds as bars.

plotext (through textual-plotext) is imported when the chart is composed, never at
start-up: the dashboard never draws one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical

from kctui.core.detail import Detail, Point
from kctui.core.text import one_line
from kctui.ui import fmt

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

_SCALE_FACTORS = {"B": 1e9, "M": 1e6, "亿": 1e8}


def chart_scale(points: tuple[Point, ...], unit: str | None, scale: str) -> tuple[float, str]:
    """Divisor and axis label for ``points`` in ``unit`` at the user's ``scale``."""
    if unit not in fmt.MONEY_UNITS:
        return 1.0, unit or ""
    prefix = fmt.CURRENCY_PREFIX[unit]
    if scale in _SCALE_FACTORS:
        return _SCALE_FACTORS[scale], f"{prefix} {scale}"
    top = max((abs(p.value) for p in points if p.value is not None), default=0.0)
    if top >= 1e9:
        return 1e9, f"{prefix} B"
    if top >= 1e6:
        return 1e6, f"{prefix} M"
    return 1.0, prefix


class DetailChart(Vertical):
    """The chart of a detail view."""

    def compose(self) -> ComposeResult:
        # Only now: plotext stays off the dashboard's start-up path.
        from textual_plotext import PlotextPlot

        yield PlotextPlot()

    @property
    def plot(self) -> PlotextPlot:
        from textual_plotext import PlotextPlot

        return self.query_one(PlotextPlot)

    def draw(self, detail: Detail, scale: str) -> None:
        """Draw ``detail``'s series at the money ``scale``."""
        plot = self.plot
        if not detail.points:
            self.display = False
            return
        plt = plot.plt
        plt.clear_figure()
        divisor, axis = chart_scale(detail.points, detail.unit, scale)
        theme = self.app.current_theme
        colour = _rgb(theme.primary)
        marked = _rgb(theme.warning or theme.accent or theme.primary)
        xs = list(range(1, len(detail.points) + 1))
        labels = [one_line(p.period) for p in detail.points]
        if detail.bars:
            values = [(p.value or 0.0) / divisor for p in detail.points]
            plt.bar(xs, values, color=colour, width=0.6)
            for x, p, v in zip(xs, detail.points, values, strict=True):
                if p.period == detail.highlight:
                    plt.bar([x], [v], color=marked, width=0.6, reset_ticks=False)
        else:
            # One line per run of reported periods: a gap is never bridged.
            run_x: list[int] = []
            run_y: list[float] = []
            for x, p in [*zip(xs, detail.points, strict=True), (0, Point("", None))]:
                if p.value is not None:
                    run_x.append(x)
                    run_y.append(p.value / divisor)
                    continue
                if len(run_x) > 1:
                    plt.plot(run_x, run_y, color=colour, marker="braille")
                if run_x:
                    plt.scatter(run_x, run_y, color=colour, marker="●")
                run_x, run_y = [], []
            for x, p in zip(xs, detail.points, strict=True):
                if p.period != detail.highlight or p.value is None:
                    continue
                # Where sources disagree, every other stated value at the same spot (drawn
                # first: the figure shown stays on top where they share a row).
                others = {
                    c.value
                    for c in detail.cards
                    if detail.conflict
                    and c.value is not None
                    and c.value != p.value
                    and c.unit == detail.unit
                    and c.period == p.period
                }
                for other in sorted(others):
                    plt.scatter([x], [other / divisor], color=marked, marker="×")
                plt.scatter([x], [p.value / divisor], color=marked, marker="◆")
            gaps = [x for x, p in zip(xs, detail.points, strict=True) if p.value is None]
            if gaps:
                plt.xlabel(f"gaps: {len(gaps)} period(s) not reported")
        # Label only as many ticks as fit side by side.
        room = max(1, (plot.size.width or 80) - 10)
        widest = max(len(label) for label in labels) + 2
        step = max(1, -(-len(labels) * widest // room))
        plt.xticks([float(x) for x in xs[::step]], labels[::step])
        plt.xlim(0.5, len(xs) + 0.5)
        # Include zero: a line from 274 to 344 drawn from the floor reads as a fivefold rise.
        shown = [p.value / divisor for p in detail.points if p.value is not None]
        if shown:
            low, high = min(0.0, *shown), max(0.0, *shown)
            pad = (high - low) * 0.08 or 1.0
            plt.ylim(low - (pad if low < 0 else 0), high + pad)
        plt.title(one_line(detail.chart_title))
        plt.ylabel(axis)
        plot.refresh()


def _rgb(colour: str | None) -> tuple[int, int, int]:
    from textual.color import Color

    parsed = Color.parse(colour or "white")
    return (parsed.r, parsed.g, parsed.b)
