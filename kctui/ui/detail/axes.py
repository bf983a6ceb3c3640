"""The detail chart's axes: the money scale of the values, which time ticks fit, and
the value range. Pure functions of numbers, no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from kctui.ui import fmt

_SCALE_FACTORS = {"B": 1e9, "M": 1e6, "亿": 1e8}


def chart_scale(values: Sequence[float | None], unit: str | None, scale: str) -> tuple[float, str]:
    """Divisor and axis label for ``values`` in ``unit`` at the user's ``scale``."""
    if unit not in fmt.MONEY_UNITS:
        return 1.0, unit or ""
    prefix = fmt.CURRENCY_PREFIX[unit]
    if scale in _SCALE_FACTORS:
        return _SCALE_FACTORS[scale], f"{prefix} {scale}"
    top = max((abs(v) for v in values if v is not None), default=0.0)
    if top >= 1e9:
        return 1e9, f"{prefix} B"
    if top >= 1e6:
        return 1e6, f"{prefix} M"
    return 1.0, prefix


def pick_ticks(
    ticks: Sequence[tuple[float, str]], low: float, high: float, room: int, first: str | None
) -> list[tuple[float, str]]:
    """The ticks whose labels fit side by side in ``room`` cells: ``first`` (the view's own
    period) always, then left to right whichever do not touch one already taken."""
    span = (high - low) or 1.0

    def column(x: float) -> float:
        return (x - low) / span * room

    chosen: list[tuple[float, str]] = [t for t in ticks if t[1] == first][:1]
    for tick in ticks:
        if tick in chosen:
            continue
        half = len(tick[1]) / 2 + 1
        if (
            all(abs(column(tick[0]) - column(c[0])) >= half + len(c[1]) / 2 for c in chosen)
            and half <= column(tick[0]) + 4
            and column(tick[0]) + half <= room + 4
        ):
            chosen.append(tick)
    return sorted(chosen)


class ValueAxis(NamedTuple):
    """The value axis of a plot: its limits, what one line of the plot is worth, ticks."""

    low: float
    high: float
    step: float
    """The value of one line: a round number, so each tick sits on its own line."""
    ticks: tuple[float, ...]


ROW_STEPS = (1.0, 1.25, 2.0, 2.5, 4.0, 5.0, 8.0)
"""What a line of the plot may be worth, times a power of ten: each has round multiples
(every fifth line of 0.8 is 4) for the ticks."""
TICK_STEPS = (1.0, 2.0, 2.5, 4.0, 5.0)
"""What the step between two ticks may be, times a power of ten."""


def _mantissa(value: float) -> float:
    return value / 10.0 ** math.floor(math.log10(value) + 1e-9)


def row_step(at_least: float) -> float:
    """The smallest of :data:`ROW_STEPS` x 10^n not below ``at_least``."""
    power = 10.0 ** math.floor(math.log10(at_least))
    return min(
        m * p for p in (power, power * 10) for m in ROW_STEPS if m * p >= at_least * (1 - 1e-9)
    )


def tick_step(step: float, span: float, most: int) -> float:
    """The smallest multiple of ``step`` that is round (:data:`TICK_STEPS`) and leaves at
    most ``most`` intervals over ``span``."""
    for k in (1, 2, 4, 5, 10, 20, 25, 40, 50, 100, 200, 250, 500, 1000):
        value = step * k
        round_ = any(abs(_mantissa(value) - m) < 1e-6 for m in TICK_STEPS)
        if round_ and span / value <= most + 1e-9:
            return value
    return span


def value_axis(values: Sequence[float], rows: int, most_ticks: int = 6) -> ValueAxis:
    """An axis for ``values`` drawn over ``rows`` lines: zero included, a line to spare
    above the highest point (for its label), and each line worth a round amount.

    plotext puts a value on line ``round((y - low) / (high - low) * (rows - 1))``: with
    ``high - low`` a whole number of round steps, every tick and every round value land
    exactly on a line, and a point is never more than half a step from where it reads.
    """
    rows = max(3, rows)
    # Include zero: a line from 274 to 344 drawn from the floor reads as a fivefold rise.
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1.0
    step = row_step((high - low) / (rows - 2))
    while True:
        # Starting on a whole step below the lowest value can cost the spare line.
        bottom = math.floor(low / step + 1e-9) * step
        top = bottom + (rows - 1) * step
        if top >= high + step * (1 - 1e-9):
            break
        step = row_step(step * 1.0001)
    every = tick_step(step, top - bottom, most_ticks)
    first = math.ceil(bottom / every - 1e-9) * every
    count = int((top - first) / every + 1e-9) + 1
    ticks = tuple(round(first + i * every, 10) for i in range(count))
    return ValueAxis(bottom, top, step, ticks)


def tick_label(value: float) -> str:
    """``2``, ``2.5``, ``0.25``: a tick value with no more digits than it needs."""
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value else "0"
