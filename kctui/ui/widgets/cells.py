"""Table cells for the panels: rich Text built from data, never parsed as markup.

Every string from the data goes through :func:`kctui.core.text.one_line` (control characters
made visible) and is cut with an ellipsis to fit, so a quote can neither drive the
terminal nor push a column out of line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from kctui.core.model import Figure
from kctui.core.text import one_line, truncate
from kctui.ui import fmt
from kctui.ui.theme import Palette

CONFLICT_MARK = "⚠"
DERIVED_MARK = "*"
APPROX_MARK = "~"
CELL_PADDING = 2
"""A DataTable pads each cell by one on each side."""
SCROLLBAR = 1


def text(
    value: str | None, width: int | None = None, style: Style | str = "", justify: str = "left"
) -> Text:
    """A cell of text from the data: one line, controls visible, ellipsis if cut."""
    plain = one_line(value) if value else ""
    if width is not None:
        plain = truncate(plain, width)
    return Text(plain, style=style, no_wrap=True, overflow="ellipsis", justify=justify)  # type: ignore[arg-type]


def missing(palette: Palette, justify: str = "right") -> Text:
    """The mark of a value no source states."""
    return Text(fmt.MISSING, style=palette.dim, justify=justify)  # type: ignore[arg-type]


def figure(
    fig: Figure | None,
    scale: str,
    palette: Palette,
    *,
    signed: bool = False,
    justify: str = "right",
) -> Text:
    """A figure: ``~`` before an approximate one, ``*`` after a derived one, ``⚠`` if
    sources disagree on it."""
    if fig is None:
        return missing(palette, justify)
    out = Text(no_wrap=True, overflow="ellipsis", justify=justify)  # type: ignore[arg-type]
    if fig.approx:
        out.append(APPROX_MARK, palette.dim)
    out.append(fmt.value(fig.value, fig.key.unit, scale, signed=signed, metric=fig.key.metric))
    if fig.derived:
        out.append(DERIVED_MARK, palette.dim)
    if fig.conflict:
        out.append(CONFLICT_MARK, palette.warning)
    return out


def width_of(cells: list[Text], header: str) -> int:
    """The width a column needs for ``cells`` and its ``header``."""
    return max([cell_len(header), *(c.cell_len for c in cells)])


def flex(total: int, fixed: list[int], minimum: int = 6) -> int:
    """Width left for the one flexible column after ``fixed`` columns and all padding."""
    used = sum(fixed) + CELL_PADDING * (len(fixed) + 1) + SCROLLBAR
    return max(minimum, total - used)


LEGEND = f"{APPROX_MARK} approx · {DERIVED_MARK} derived · {CONFLICT_MARK} disagree"
