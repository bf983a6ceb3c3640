"""The timeline's chart: the share price and the market value over the years, events marked.

Two units, two axes, each named: the share price in US$ per ADS on the left, the market
value in US$ billions on the right (KC's ADSs trade in US$; a market value a source
states in yuan is listed below, never converted onto the axis). 52-week highs and lows
are marks, not points of the line (they are a range, not a price on the day). Events
sit on the floor of the chart (``▴``), financing rounds as ``$``; the entry under the
list's cursor is a vertical line. Points years apart are not joined (nothing is known of
the years between).

plotext comes through textual-plotext's widget, imported only when the timeline opens.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kctui.core.text import one_line
from kctui.core.timeline import Entry, Point, Timeline, year_fraction

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

EVENT_MARK = "▴"
ROUND_MARK = "$"
PRICE_AXIS = "US$ per ADS"
VALUE_AXIS = "US$ B"
LEGEND = (
    f"● share price, {PRICE_AXIS}, left axis · ◆ market value, {VALUE_AXIS}, right axis · "
    f"▲▼ 52-week high/low · {EVENT_MARK} event · {ROUND_MARK} round"
)
"""What the marks and lines are: said above the chart (plotext's own legend box would
cover the lines)."""
SHORT_LEGEND = (
    f"● price US$/ADS (left) ◆ value {VALUE_AXIS} (right) ▲▼ 52-wk high/low "
    f"{EVENT_MARK} event {ROUND_MARK} round"
)
"""The same, for a narrow terminal."""


def legend(width: int, lines: int = 1) -> str:
    """The legend that fits ``width`` cells on ``lines`` lines."""
    return LEGEND if len(LEGEND) <= width * lines else SHORT_LEGEND


def _rgb(colour: str | None) -> tuple[int, int, int]:
    from textual.color import Color

    parsed = Color.parse(colour or "white")
    return (parsed.r, parsed.g, parsed.b)


JOIN_WITHIN_DAYS = 900
"""Two points further apart than this (about two and a half years) are not joined by a
line: nothing is known of the years between them."""


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Ticks from 0 to a round number at or above ``top``: 0, 20, 40, 60, 80 for 74.67."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def row_ticks(top: float, rows: int) -> tuple[list[float], float]:
    """Round ticks from 0 and the axis's top (at or above ``top``) such that every tick
    falls on one of the chart's ``rows``: a tick between two rows is drawn on the nearer
    one, beside a value it does not have (60 on the row of 53 at 80x24). Of the ways to
    put 2 to 6 ticks a whole number of rows apart, the one wasting least height, with
    at least 4 ticks where there are the rows for them."""
    if top <= 0:
        return [0.0, 1.0], 1.0
    intervals = max(1, rows - 1)
    magnitude = math.floor(math.log10(top))
    few = min(3, intervals)  # intervals between ticks, at least
    best: tuple[bool, float, int, float] | None = None  # (too few, limit, -n, step)
    for exponent in range(magnitude - 2, magnitude + 2):
        for m in (1, 2, 2.5, 5):
            step = m * 10.0**exponent
            for per in range(1, intervals + 1):
                n = intervals // per
                limit = step * intervals / per
                if 1 <= n <= 5 and limit >= top - 1e-9:
                    candidate = (n < few, limit, -n, step)
                    best = candidate if best is None or candidate < best else best
    assert best is not None  # per = intervals, step >= top always fits
    _, limit, n, step = best
    return [round(i * step, 10) for i in range(-n + 1)], limit


def _label(tick: float) -> str:
    return f"{tick:g}"


def _xs(points: list[Point]) -> list[float]:
    return [year_fraction(p.day) for p in points]


def _runs(points: list[Point]) -> list[list[Point]]:
    """``points`` cut where two are more than :data:`JOIN_WITHIN_DAYS` apart."""
    runs: list[list[Point]] = []
    for point in points:
        if runs and (point.day - runs[-1][-1].day).days <= JOIN_WITHIN_DAYS:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def draw(plot: PlotextPlot, timeline: Timeline, cursor: Entry | None, theme: Any) -> None:
    """Draw ``timeline`` on ``plot``; ``cursor``: the entry to mark with a vertical line."""
    plt = plot.plt
    plt.clear_figure()
    span = timeline.span
    if span is None:
        plt.title("Nothing known yet")
        plot.refresh()
        return
    price_colour = _rgb(theme.primary)
    value_colour = _rgb(theme.accent or theme.secondary or theme.primary)
    marked = _rgb(theme.warning or theme.primary)
    dim = _rgb(theme.foreground or "white")
    first, last = span
    x0, x1 = float(first.year), year_fraction(last) + 0.25

    # The canvas: the plot less its frame (2 rows), the years and the axis names.
    rows = (plot.size.height or 12) - 4
    price = timeline.price
    top = max((p.value for p in [*price, *timeline.price_range]), default=0.0)
    for run in _runs(price):
        if len(run) > 1:
            plt.plot(_xs(run), [p.value for p in run], color=price_colour, marker="braille")
    if price:
        plt.scatter(_xs(price), [p.value for p in price], color=price_colour, marker="●")
    for point in timeline.price_range:
        mark = "▲" if point.entry.metric == "share_price_52w_high" else "▼"
        plt.scatter([year_fraction(point.day)], [point.value], color=price_colour, marker=mark)

    value = timeline.market_value
    billions = [p.value / 1e9 for p in value]
    for run in _runs(value):
        if len(run) > 1:
            ys = [p.value / 1e9 for p in run]
            plt.plot(_xs(run), ys, color=value_colour, marker="braille", yside="right")
    if value:
        plt.scatter(_xs(value), billions, color=value_colour, marker="◆", yside="right")
        ticks, limit = row_ticks(max(billions), rows)
        # textual-plotext's stubs miss plotext's yside on these (plotext has it).
        plt.ylim(0, limit, yside="right")  # type: ignore[arg-type]
        plt.yticks(ticks, [_label(t) for t in ticks], yside="right")  # type: ignore[arg-type]
        plt.ylabel(VALUE_AXIS, yside="right")  # type: ignore[call-arg]

    events = [e for e in timeline.entries if e.kind == "event"]
    rounds = [e for e in timeline.entries if e.kind == "round"]
    if events:
        plt.scatter(
            [year_fraction(e.day) for e in events], [0.0] * len(events), color=dim,
            marker=EVENT_MARK,
        )  # fmt: skip
    if rounds:
        plt.scatter(
            [year_fraction(e.day) for e in rounds], [0.0] * len(rounds), color=dim,
            marker=ROUND_MARK,
        )  # fmt: skip
    if cursor is not None:
        plt.vline(year_fraction(cursor.day), color=marked)

    plt.xlim(x0, x1)
    ticks, limit = row_ticks(top, rows)
    plt.ylim(0, limit)
    plt.yticks(ticks, [_label(t) for t in ticks])
    plt.ylabel(PRICE_AXIS)
    # A tick a year where they fit side by side, else every second, fifth… year.
    years = list(range(int(x0), int(x1) + 1))
    room = max(1, (plot.size.width or 80) - 16)
    step = next((s for s in (1, 2, 5, 10, 20, 50) if len(years) // s * 6 <= room), 100)
    shown = [y for y in years if y % step == 0] or years[:1]
    plt.xticks([float(y) for y in shown], [str(y) for y in shown])
    missing = timeline.not_charted
    if missing:
        plt.xlabel(
            one_line(f"not charted (another currency): {len(missing)} figure(s), listed below")
        )
    plot.refresh()
