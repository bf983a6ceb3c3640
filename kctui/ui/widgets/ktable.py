"""The dashboard's table: a read-only grid of rich Text cells, drawn with the line API.

A panel hands it whole columns and rows (:meth:`KTable.replace`) and reads back where
the cursor is; the table posts :class:`KTable.Highlighted` when the cursor moves and
:class:`KTable.Selected` on enter or a click on the cursor.

Why not a DataTable: the dashboard's tables are small, rebuilt wholesale (scale,
width, filter) and never edited, and a launch paints four of them. Keeping rows as a
plain list, drawing a row once into a :class:`~textual.strip.Strip` and then only
cropping it, and styling two component classes instead of thirteen makes the first
paint, a rebuild and a cursor move cost a fraction of a DataTable's; drawing only the
rows in view keeps that true at any row count. Cursor, scrolling and clicks are the
:class:`~kctui.ui.widgets.line_grid.LineGrid`'s, shared with the console's grid.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from kctui.ui.widgets.line_grid import PADDING, LineGrid

Cell = Text
"""Cells are always rich Text: a str would be parsed as markup, and data is never markup."""

WHOLE_ROW = -1
"""What a row cursor lights (a cell cursor lights one column)."""


class KTable(LineGrid):
    """Rows of Text cells under a header, with a row or cell cursor; j/k move it too."""

    BINDINGS = [
        Binding(
            "enter",
            "activate",
            "Detail",
            id="table_detail",
            tooltip="Chart and every quote behind what the cursor is on",
        ),
        Binding("k", "move(-1, 0)", "Up", show=False, id="table_up"),
        Binding("j", "move(1, 0)", "Down", show=False, id="table_down"),
        Binding("home,ctrl+home", "first_row", "First row", show=False, id="table_first_row"),
        Binding("end,ctrl+end", "last_row", "Last row", show=False, id="table_last_row"),
    ]
    WHOLE_COLUMNS = True
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
        self._rows: list[Sequence[Cell]] = []
        # Rows drawn once, keyed by (row, what the cursor lights in it: None, a column
        # or WHOLE_ROW).
        self._strips: dict[tuple[int, int | None], Strip] = {}
        self._header: Strip | None = None
        self._drawn_with: tuple[Style, ...] = ()
        self._skipped: frozenset[int] = frozenset()
        """Rows the cursor never rests on (a section's heading)."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Widget's watcher restyles the table and its scrollbars on every focus change,
        # and re-setting a scrollbar's rules lays the whole screen out again. A KTable
        # looks the same focused or not (the panel's border shows the focus; its rows
        # are drawn from the same styles either way), so a focus switch skips that.
        # Textual has no public switch for this; tests/ui/test_table.py fails if the
        # watcher it replaces changes.
        pass

    # --- what panels and tests read ---------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def columns(self) -> tuple[Text, ...]:
        """The column labels."""
        return tuple(self._labels)

    def get_row_at(self, row: int) -> list[Cell]:
        """The cells of ``row``."""
        return list(self._rows[row])

    @property
    def cursor_coordinate(self) -> Coordinate:
        return Coordinate(self.cursor_row, self.cursor_column)

    # --- filling ------------------------------------------------------------------------

    def replace(
        self,
        columns: Sequence[tuple[Text, int | None]],
        rows: Sequence[Sequence[Cell]],
        *,
        keep_cursor: bool = True,
        skip: Sequence[int] = (),
    ) -> None:
        """Show ``rows`` under ``columns`` ((label, width or None to fit)), keeping the
        cursor; the cursor steps over the rows in ``skip`` (headings)."""
        self._labels = [label for label, _ in columns]
        self._rows = list(rows)
        self._skipped = frozenset(skip) if len(skip) < len(self._rows) else frozenset()
        self.set_columns(
            [
                width
                if width is not None
                else max([label.cell_len, *(row[i].cell_len for row in rows if i < len(row))])
                for i, (label, width) in enumerate(columns)
            ]
        )
        self._strips.clear()
        self._header = None
        row, column = (self.cursor_row, self.cursor_column) if keep_cursor else (0, 0)
        self.cursor_row = self.cursor_column = -1  # so the move below reports itself
        self.move_cursor(max(0, row), max(0, column))
        if not self._rows:
            self.cursor_row = self.cursor_column = 0
        self.refresh()

    # --- the cursor ---------------------------------------------------------------------

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """As LineGrid's, but never onto a skipped row: on past it in the direction of the
        move (back, at the end); a heading over the first row stays in view."""
        if row is None or not self._skipped or row not in self._skipped:
            super().move_cursor(row, column)
            return
        count = self.row_count
        step = 1 if row >= self.cursor_row else -1
        target = row
        while 0 <= target < count and target in self._skipped:
            target += step
        if not 0 <= target < count:
            target = row
            while 0 <= target < count and target in self._skipped:
                target -= step
        super().move_cursor(target, column)
        if row < target and row < round(self.scroll_y):
            self.scroll_to(y=row, animate=False, immediate=True)  # the heading above it

    def action_move(self, rows: int, columns: int) -> None:
        # A row cursor lights the whole row: left and right have nothing to move to.
        super().action_move(rows, columns if self.cursor_type == "cell" else 0)

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self, self.cursor_coordinate))

    def activate(self) -> None:
        self.post_message(self.Selected(self, self.cursor_coordinate))

    def cell_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        cell = super().cell_at(event)
        if cell is not None and self.cursor_type != "cell":
            return cell[0], self.cursor_column  # a row cursor: any cell of the row is it
        return cell

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

    def render_header(self, base: Style) -> Strip:
        if self._header is None:
            _, header_style, cursor_style = self._drawn_with
            self._header = self._draw(self._labels, base + header_style, cursor_style, None)
        return self._header

    def render_row(self, index: int, base: Style) -> Strip:
        cursor_style = self._drawn_with[2]
        lit: int | None = None
        if index == self.cursor_row:
            lit = self.cursor_column if self.cursor_type == "cell" else WHOLE_ROW
        strip = self._strips.get((index, lit))
        if strip is None:
            if lit is not None:
                # Only one cursor row is kept: drop the one it left.
                for stale in [key for key in self._strips if key[1] is not None]:
                    del self._strips[stale]
            strip = self._draw(self._rows[index], base, cursor_style, lit)
            self._strips[index, lit] = strip
        return strip

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
