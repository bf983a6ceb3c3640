"""A find result as a line of the results table: the figure as the dashboard formats it
(currency, scale, marks), what it is of, its period and where it is from."""

from __future__ import annotations

from rich.text import Text

from kctui.core.find import Found
from kctui.core.text import cell_width, one_line, truncate
from kctui.ui import fmt
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells

HEADERS = ("Value", "Figure", "Period", "Source")


def value_text(found: Found, scale: str) -> str:
    """The value as the dashboard shows it: ``¥1.5B``, ``+37.8%``, ``~US$48B``, ``—``."""
    signed = found.unit == "%" and found.metric.endswith(("_yoy", "_qoq"))
    shown = fmt.value(found.value, found.unit, scale, signed=signed)
    if found.qualifier == "approx":
        shown = cells.APPROX_MARK + shown
    if found.kind == "derived":
        shown += cells.DERIVED_MARK
    return shown


def figure_text(found: Found) -> str:
    """``Net loss · Kingsoft Cloud``; ``A round · Kingsoft Cloud``; estimates say so."""
    what = f"{found.what} · {fmt.short_name(found.name)}"
    if found.qualifier in ("estimate", "guidance"):
        what += f" ({found.qualifier})"
    return what


def figure_cell(found: Found, width: int) -> str:
    """The figure in ``width`` cells: what it is is cut before whose it is, so rows of
    one metric for several entities stay apart (``China public cloud… · Alibaba Cloud``)."""
    text = figure_text(found)
    if cell_width(text) <= width:
        return text
    rest = text.removeprefix(found.what)  # `` · Alibaba Cloud`` (and ``(estimate)``)
    room = width - cell_width(rest)
    if room < 8 or not rest.startswith(" · "):
        return text  # too narrow to keep both: the cell cuts the end
    return f"{truncate(found.what, room)}{rest}"


def source_text(found: Found, *, short: bool = False) -> str:
    """``IT Home via fheadline · 2022-06-23``; ``derived: revenue FY2021 / …``;
    ``short``: an approximate date as ``c. 2025-11-30`` (a cell's room)."""
    if found.kind == "derived":
        return f"derived: {found.formula or ''}"
    if found.publisher is None:
        return ""
    return f"{one_line(found.publisher)} · {_day(found, short)}".rstrip(" ·")


def _day(found: Found, short: bool) -> str:
    if found.published is None:
        return ""
    if short and found.approximate:
        return f"c. {found.published.isoformat()}"
    return fmt.published(found.published, found.approximate)


def source_cell(found: Found, width: int) -> str:
    """The source in ``width`` cells: the publisher is cut before the date is."""
    text = source_text(found, short=True)
    if cell_width(text) <= width or found.kind == "derived" or found.publisher is None:
        return text
    day = _day(found, True)
    room = width - cell_width(day) - 3
    if room < 4:
        return day
    return f"{truncate(one_line(found.publisher), room)} · {day}"


def row(
    found: Found, scale: str, widths: tuple[int, int, int, int], palette: Palette
) -> list[Text]:
    """The cells of one result."""
    value_w, figure_w, period_w, source_w = widths
    return [
        cells.text(value_text(found, scale), value_w, palette.heading, justify="right"),
        cells.text(figure_cell(found, figure_w), figure_w),
        cells.text(found.period, period_w, palette.dim),
        cells.text(source_cell(found, source_w), source_w, palette.dim),
    ]


def widths(found: tuple[Found, ...], scale: str, room: int) -> tuple[int, int, int, int]:
    """Column widths for ``room`` cells: value and period as wide as they need, the
    source up to a third, the figure the rest."""
    value_w = max([5, *(cell_width(value_text(f, scale)) for f in found)])
    period_w = max([6, *(cell_width(f.period) for f in found)])
    source_w = max([6, *(cell_width(source_text(f, short=True)) for f in found)])
    source_w = min(source_w, max(12, room // (4 if room < 100 else 3)))
    figure_w = max(12, room - value_w - period_w - source_w - cells.CELL_PADDING * 4 - 1)
    return value_w, figure_w, period_w, source_w
