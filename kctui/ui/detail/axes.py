"""The detail chart's axes: the money scale of the values, which time ticks fit, and
the value range. Pure functions of numbers, no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def value_limits(values: Sequence[float], rows: int) -> tuple[float, float]:
    """The value axis's limits for ``values`` drawn over ``rows`` lines: zero included,
    and a line to spare above the highest point (for its label)."""
    # Include zero: a line from 274 to 344 drawn from the floor reads as a fivefold rise.
    low, high = min(0.0, *values), max(0.0, *values)
    # A line of the plot is a (rows - 1)th of the range: one to spare is this much more.
    pad = (high - low) / (max(3, rows) - 2) or 1.0
    return (low - (pad if low < 0 else 0), high + pad)
