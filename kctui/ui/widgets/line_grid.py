"""The line grid under every table of kctui: a header line over rows of cells, a cursor.

A :class:`LineGrid` is a line-API ``ScrollView``: it draws only the lines in view
(``render_line``), so a table of a million rows costs what a screenful costs, and a
cursor move repaints two lines. It owns what every table shares: the column offsets,
the cursor (row and column, clamped), scrolling the cursor into view both ways, the
movement actions, and turning a click into a cell. A subclass says how a row and the
header are drawn and what a move or an activation (enter, a click on the cursor)
means, by overriding :meth:`render_row`, :meth:`render_header`, :meth:`cursor_moved`
and :meth:`activate`.

Geometry matches a DataTable's: one header line, each cell padded by one on each side.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

PADDING = 1
"""Blank cells either side of every cell (as a DataTable pads)."""


class LineGrid(ScrollView, can_focus=True):
    """A header line and rows of fixed-width cells, with a cell cursor."""

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False, id="grid_up"),
        Binding("down", "move(1, 0)", "Down", show=False, id="grid_down"),
        Binding("left", "move(0, -1)", "Left", show=False, id="grid_left"),
        Binding("right", "move(0, 1)", "Right", show=False, id="grid_right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="grid_page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="grid_page_down"),
    ]
    WHOLE_COLUMNS = False
    """Show only whole columns: a column cut by either edge of the view is left blank
    (``¥790`` cut from ``¥790M`` would be read as a figure), and scrolling sideways
    stops at a column's edge."""
    ACTIVATE_ON_CURSOR_CLICK = True
    """A click on the cell the cursor is already on activates it (a double click always
    does)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_row = 0
        self.cursor_column = 0
        self._widths: list[int] = []
        self._offsets: list[int] = []
        self.fixed_columns = 0
        """Leading columns that stay in view when the grid scrolls sideways (a row's
        label: the period of a results row)."""

    # --- to implement -----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are (the header is not one)."""
        raise NotImplementedError

    def render_header(self, base: Style) -> Strip:
        """The header line, all columns wide."""
        raise NotImplementedError

    def render_row(self, index: int, base: Style) -> Strip:
        """Row ``index``, all columns wide, with the cursor drawn if it is on it."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """The cursor is on another cell (called after every move)."""

    def activate(self) -> None:
        """Enter, or a click on the cursor."""

    # --- columns ----------------------------------------------------------------------

    def set_columns(self, widths: list[int]) -> None:
        """Set the columns' widths (padding excluded) and the grid's virtual size."""
        self._widths = list(widths)
        offsets, x = [], 0
        for width in self._widths:
            offsets.append(x)
            x += width + 2 * PADDING
        self._offsets = offsets
        self.virtual_size = Size(x, self.row_count + 1 if self._widths else 0)

    @property
    def column_widths(self) -> tuple[int, ...]:
        """Each column's width, padding excluded."""
        return tuple(self._widths)

    @property
    def column_count(self) -> int:
        return len(self._widths)

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._widths:
            return Strip.blank(width, base)
        if y == 0:
            strip = self.render_header(base)
        else:
            index = scroll_y + y - 1
            if index >= self.row_count:
                return Strip.blank(width, base)
            strip = self.render_row(index, base)
        fixed = min(self._fixed_width, width)
        moving = strip.crop_extend(fixed + scroll_x, fixed + scroll_x + width - fixed, base)
        if self.WHOLE_COLUMNS:
            moving = self._blank_cut_columns(moving, scroll_x, width - fixed, base)
        return Strip.join([strip.crop_extend(0, fixed, base), moving]) if fixed else moving

    @property
    def _fixed_width(self) -> int:
        """Cells the fixed columns take on the left."""
        k = min(self.fixed_columns, len(self._offsets))
        return self._offsets[k] if k < len(self._offsets) else self.virtual_size.width

    def _blank_cut_columns(self, strip: Strip, scroll_x: int, width: int, base: Style) -> Strip:
        """``strip`` (``width`` cells of the scrolling columns from ``scroll_x``) with the
        columns that either edge cuts blanked."""
        left, right = 0, width
        fixed = self._fixed_width
        k = min(self.fixed_columns, len(self._offsets))
        for x0, w in zip(self._offsets[k:], self._widths[k:], strict=True):
            x0 -= fixed
            x1 = x0 + w + 2 * PADDING
            if x0 < scroll_x < x1:
                left = max(left, x1 - scroll_x)
            if x0 < scroll_x + width < x1:
                right = min(right, x0 - scroll_x)
        if left == 0 and right == width:
            return strip
        parts = []
        if left:
            parts.append(Strip.blank(min(left, width), base))
        if right > left:
            parts.append(strip.crop(left, right))
        if right < width:
            parts.append(Strip.blank(width - max(right, left), base))
        return Strip.join(parts)

    def refresh_row(self, index: int) -> None:
        """Repaint row ``index`` if it is in view."""
        y = index - round(self.scroll_y) + 1  # a screen line: the header is line 0
        if index >= 0 and 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # --- the cursor ---------------------------------------------------------------------

    @property
    def page_size(self) -> int:
        """Rows in view (the header takes a line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        """Put the cursor on a cell (clamped), scroll it into view, say so if it moved."""
        if not self.row_count:
            return
        old = (self.cursor_row, self.cursor_column)
        row = self.cursor_row if row is None else row
        column = self.cursor_column if column is None else column
        row = max(0, min(row, self.row_count - 1))
        column = max(0, min(column, max(0, len(self._widths) - 1)))
        self.cursor_row, self.cursor_column = row, column
        self.scroll_to_cursor()
        if (row, column) != old:
            self.refresh_row(old[0])
            self.refresh_row(row)
            self.cursor_moved()

    def scroll_to_cursor(self) -> None:
        """Scroll so that the cursor's cell is in view, rows and columns."""
        region = self.scrollable_content_region
        if region.height <= 1:
            return  # not laid out yet
        x, y = round(self.scroll_x), round(self.scroll_y)
        shown = self.page_size
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + shown:
            y = self.cursor_row - shown + 1
        if self.fixed_columns <= self.cursor_column < len(self._offsets):
            # Offsets among the scrolling columns (the fixed ones stay on the left).
            fixed = self._fixed_width
            room = region.width - fixed
            x0 = self._offsets[self.cursor_column] - fixed
            x1 = x0 + self._widths[self.cursor_column] + 2 * PADDING
            if x0 < x:
                x = x0
            elif x1 > x + room:
                x = min(x0, x1 - room)
                if self.WHOLE_COLUMNS:
                    # The first column edge at or past x: the left column is whole.
                    x = min((o - fixed for o in self._offsets if o - fixed >= x), default=x0)
        if (x, y) != (round(self.scroll_x), round(self.scroll_y)):
            self.scroll_to(x, y, animate=False, immediate=True)

    def action_move(self, rows: int, columns: int) -> None:
        """Move the cursor by rows and columns."""
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful up or down."""
        self.move_cursor(self.cursor_row + direction * self.page_size)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_first_column(self) -> None:
        self.move_cursor(column=0)

    def action_last_column(self) -> None:
        self.move_cursor(column=len(self._widths) - 1)

    def action_activate(self) -> None:
        if self.row_count:
            self.activate()

    # --- the mouse ----------------------------------------------------------------------

    def cell_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """The (row, column) under the mouse, or ``None`` on the header or past the rows."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return None
        row = round(self.scroll_y) + offset.y - 1
        if row >= self.row_count:
            return None
        fixed = self._fixed_width
        x = offset.x if offset.x < fixed else round(self.scroll_x) + offset.x
        column = max((i for i, x0 in enumerate(self._offsets) if x0 <= x), default=0)
        return row, column

    def on_click(self, event: events.Click) -> None:
        cell = self.cell_at(event)
        if cell is None:
            return
        event.stop()
        self.focus()
        on_cursor = cell == (self.cursor_row, self.cursor_column)
        if (on_cursor and self.ACTIVATE_ON_CURSOR_CLICK) or event.chain >= 2:
            self.move_cursor(*cell)
            self.action_activate()
        else:
            self.move_cursor(*cell)
