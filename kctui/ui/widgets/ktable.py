"""The dashboard's table: a read-only grid of rich Text cells, drawn with the line API.

A panel hands it whole columns and rows (:meth:`KTable.replace`) and reads back where
the cursor is; the table posts :class:`KTable.Highlighted` when the cursor moves and
:class:`KTable.Selected` on enter or a click on the cursor.

Why not a DataTable: the dashboard's tables are small, rebuilt wholesale (scale,
width, filter) and never edited, and a launch paints four of them. Keeping rows as a
plain list, drawing a row once into a :class:`~textual.strip.Strip` and then only
cropping it, and styling two component classes instead of thirteen makes the first
paint, a rebuild and a cursor move cost a fraction of a DataTable's; drawing only the
rows in view keeps that true at any row count. Geometry matches a DataTable's: a
header line, cells padded by one on each side.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = Text
"""Cells are always rich Text: a str would be parsed as markup, and data is never markup."""

PADDING = 1
"""Blank cells either side of every cell (as a DataTable pads)."""
WHOLE_ROW = -1
"""What a row cursor lights (a cell cursor lights one column)."""


class KTable(ScrollView, can_focus=True):
    """Rows of Text cells under a header, with a row or cell cursor; j/k move it too."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Detail",
            id="table_detail",
            tooltip="Chart and every quote behind what the cursor is on",
        ),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("left", "cursor_left", "Left", show=False),
        Binding("right", "cursor_right", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last row", show=False),
    ]
    COMPONENT_CLASSES = {"ktable--header", "ktable--cursor"}
    DEFAULT_CSS = """
    KTable {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    KTable > .ktable--header {
        color: $text-muted;
        text-style: bold;
    }
    KTable > .ktable--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    class _AtCursor(Message):
        def __init__(self, table: KTable, coordinate: Coordinate) -> None:
            self.table = table
            self.coordinate = coordinate
            super().__init__()

        @property
        def control(self) -> KTable:
            return self.table

    class Highlighted(_AtCursor):
        """The cursor moved to ``coordinate``."""

    class Selected(_AtCursor):
        """Enter, or a click on the cursor, at ``coordinate``."""

    def __init__(self, *, cursor_type: str = "row", id: str | None = None) -> None:
        """``cursor_type``: ``"row"`` lights the whole row, ``"cell"`` one cell."""
        super().__init__(id=id)
        self.cursor_type = cursor_type
        self._labels: list[Text] = []
        self._widths: list[int] = []
        self._rows: list[Sequence[Cell]] = []
        self._cursor = Coordinate(0, 0)
        # Rows drawn once, keyed by (row, what the cursor lights in it: None, a column
        # or WHOLE_ROW).
        self._strips: dict[tuple[int, int], Strip] = {}
        self._header: Strip | None = None
        self._drawn_with: tuple[Style, ...] = ()

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Widget's watcher restyles the table and its scrollbars on every focus change,
        # and re-setting a scrollbar's rules lays the whole screen out again. A KTable
        # looks the same focused or not (the panel's border shows the focus; its rows
        # are drawn from the same styles either way), so a focus switch skips that.
        pass

    # --- what panels and tests read ---------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def columns(self) -> tuple[Text, ...]:
        """The column labels."""
        return tuple(self._labels)

    @property
    def column_widths(self) -> tuple[int, ...]:
        """Each column's width, padding excluded."""
        return tuple(self._widths)

    def get_row_at(self, row: int) -> list[Cell]:
        """The cells of ``row``."""
        return list(self._rows[row])

    @property
    def cursor_coordinate(self) -> Coordinate:
        return self._cursor

    @cursor_coordinate.setter
    def cursor_coordinate(self, coordinate: Coordinate) -> None:
        self.move_cursor(row=coordinate.row, column=coordinate.column)

    @property
    def cursor_row(self) -> int:
        return self._cursor.row

    @property
    def cursor_column(self) -> int:
        return self._cursor.column

    # --- filling ------------------------------------------------------------------------

    def replace(
        self,
        columns: Sequence[tuple[Text, int | None]],
        rows: Sequence[Sequence[Cell]],
        *,
        keep_cursor: bool = True,
    ) -> None:
        """Show ``rows`` under ``columns`` ((label, width or None to fit)), keeping the cursor."""
        self._labels = [label for label, _ in columns]
        self._widths = [
            width
            if width is not None
            else max([label.cell_len, *(row[i].cell_len for row in rows if i < len(row))])
            for i, (label, width) in enumerate(columns)
        ]
        self._rows = list(rows)
        self._strips.clear()
        self._header = None
        self.virtual_size = Size(
            sum(self._widths) + 2 * PADDING * len(self._widths), len(self._rows) + 1
        )
        if keep_cursor:
            row, column = self._cursor
        else:
            row = column = 0
        self._cursor = Coordinate(-1, -1)  # so the move below reports itself
        self.move_cursor(row=row, column=column, scroll=True)
        self.refresh()

    # --- the cursor ---------------------------------------------------------------------

    def move_cursor(
        self,
        *,
        row: int | None = None,
        column: int | None = None,
        animate: bool = False,
        scroll: bool = True,
    ) -> None:
        """Put the cursor at ``row`` and ``column`` (clamped); scroll it into view."""
        del animate  # moves are instant; the parameter keeps DataTable's signature
        old = self._cursor
        row = old.row if row is None else row
        column = old.column if column is None else column
        row = max(0, min(row, len(self._rows) - 1))
        column = max(0, min(column, len(self._widths) - 1))
        new = Coordinate(row, column)
        if scroll:
            self._scroll_to_row(row)
        if new == old:
            return
        self._cursor = new
        for r in {old.row, new.row}:
            self._refresh_row(r)
        if self._rows:
            self.post_message(self.Highlighted(self, new))

    def _scroll_to_row(self, row: int) -> None:
        shown = self.scrollable_content_region.height - 1
        if shown <= 0:
            return  # not laid out yet
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + shown:
            self.scroll_to(y=row - shown + 1, animate=False, immediate=True)

    def _refresh_row(self, row: int) -> None:
        if row >= 0:
            self.refresh_line(row + 1)  # a virtual line: the header is line 0

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor.row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor.row + 1)

    def action_cursor_left(self) -> None:
        if self.cursor_type == "cell":
            self.move_cursor(column=self._cursor.column - 1)

    def action_cursor_right(self) -> None:
        if self.cursor_type == "cell":
            self.move_cursor(column=self._cursor.column + 1)

    @property
    def _page(self) -> int:
        """Rows in view (the header takes a line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor.row - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor.row + self._page)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self._cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return  # the header, or the scrollbar
        row = round(self.scroll_y) + offset.y - 1
        if row >= len(self._rows):
            return
        x = offset.x + round(self.scroll_x)
        column = 0
        for column, width in enumerate(self._widths):  # noqa: B007
            x -= width + 2 * PADDING
            if x < 0:
                break
        coordinate = Coordinate(row, column if self.cursor_type == "cell" else self._cursor.column)
        event.stop()
        self.focus()
        if coordinate == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(row=coordinate.row, column=coordinate.column)

    # --- drawing ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles once per repaint, not once per line.
        styles = (
            self.rich_style,
            self.get_component_rich_style("ktable--header"),
            self.get_component_rich_style("ktable--cursor"),
        )
        if styles != self._drawn_with:
            # A theme or CSS change: what was drawn is stale. (Focus changes nothing.)
            self._drawn_with = styles
            self._strips.clear()
            self._header = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base, header_style, cursor_style = self._drawn_with
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            if self._header is None:
                self._header = self._draw(self._labels, base + header_style, cursor_style, None)
            strip = self._header
        else:
            row = scroll_y + y - 1
            if row >= len(self._rows):
                return Strip.blank(width, base)
            lit = None
            if row == self._cursor.row:
                lit = self._cursor.column if self.cursor_type == "cell" else WHOLE_ROW
            strip = self._strips.get((row, lit))
            if strip is None:
                if lit is not None:
                    # Only one cursor row is kept: drop the one it left.
                    for stale in [key for key in self._strips if key[1] is not None]:
                        del self._strips[stale]
                strip = self._draw(self._rows[row], base, cursor_style, lit)
                self._strips[row, lit] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _draw(
        self, cells: Sequence[Text], style: Style, cursor_style: Style, lit: int | None
    ) -> Strip:
        """One line of cells; ``cursor_style`` lights column ``lit`` (or WHOLE_ROW)."""
        console = self.app.console
        segments: list[Segment] = []
        for index, width in enumerate(self._widths):
            cell = cells[index] if index < len(cells) else Text()
            on_cursor = lit is not None and lit in (WHOLE_ROW, index)
            cell_style = style + cursor_style if on_cursor else style
            segments.extend(_cell_segments(cell, width, cell_style, console))
        return Strip(segments)


def _cell_segments(text: Text, width: int, style: Style, console: object) -> list[Segment]:
    """A cell as a DataTable draws a one-line cell: padded, aligned, cropped (with "…"
    only if the Text asks for it); the cell's own colours win over ``style``."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis" if text.overflow == "ellipsis" else "crop")
    gap = width - text.cell_len
    if text.justify == "right":
        left, right = gap, 0
    elif text.justify == "center":
        left, right = gap // 2, gap - gap // 2
    else:
        left, right = 0, gap
    body: list[Segment] = list(text.render(console, end=""))  # type: ignore[arg-type]
    if text.style and not text.spans:
        # Text.render leaves out the text's own style when it has no spans.
        body = list(Segment.apply_style(body, console.get_style(text.style)))  # type: ignore[attr-defined]
    line = [Segment(" " * (PADDING + left)), *body, Segment(" " * (right + PADDING))]
    return list(Segment.apply_style(line, style))
