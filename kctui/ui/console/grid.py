"""The console's results grid, drawn from the rows a result tab has at hand.

The rows come from a :class:`~kctui.core.console.pages.Pages`: a prefix while the
result streams, or a window of pages once the result has a copy in DuckDB. A row not
at hand yet is drawn as a dim placeholder and asked for (:class:`RowsWanted`); the
result tab reads its page and the row is drawn when it arrives. Values read as
:mod:`~kctui.ui.console.values` says: numbers grouped and right-aligned, one number
of decimals per column, NULL a dim ``NULL``, an empty string nothing at all, control
characters as visible symbols, wide (CJK) characters measured in terminal cells.
Long values are cut with an ellipsis; the whole value is one ``enter`` (or ``c`` to
copy) away.

The grid is a line-API widget (``ScrollView.render_line``) that formats only the rows
on screen. Textual's DataTable was the first choice, but it builds renderables and
re-measures for every row added (about 0.3 ms a row here), which froze the UI for a
third of a second per 1,000-row page; this grid takes a page in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from kctui.core.console.pages import Pages
from kctui.ui.console.values import (
    ColumnFormat,
    copy_text,
    display,
    is_numeric_type,
    literal,
    short_type,
)
from kctui.ui.widgets.line_grid import PADDING, LineGrid

__all__ = ["ResultsTable", "copy_text", "display", "literal"]

MAX_CELL_WIDTH = 48
"""Widest a column grows; longer values end in an ellipsis."""
PLACEHOLDER = "…"


class ResultsTable(LineGrid):
    """A virtual grid over a result's rows: it renders only what is on screen.

    Taking a page costs time in proportion to the page (widths of its cells), never to
    what is already at hand. Asks for more rows (:class:`NearEnd`) when the view or
    cursor nears the last streamed one, and for rows it has to draw but has not got
    (:class:`RowsWanted`). A click on a column's header says so (:class:`HeaderClicked`).
    """

    COMPONENT_CLASSES = {
        "results--header",
        "results--even-row",
        "results--cursor",
        "results--cursor-row",
        "results--null",
    }
    DEFAULT_CSS = """
    ResultsTable {
        background: $surface;
        color: $foreground;
        & > .results--header { text-style: bold; background: $panel; color: $foreground; }
        & > .results--even-row { background: $surface-lighten-1 50%; }
        & > .results--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        & > .results--cursor-row { background: $boost; }
        & > .results--null { color: $text-muted; text-style: italic; }
        &:focus {
            background-tint: $foreground 5%;
            & > .results--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS = [
        Binding("enter", "activate", "View", id="results_view", tooltip="The whole cell"),
        Binding("c", "copy_cell", "Copy cell", id="results_copy_cell"),
        Binding("r", "copy_row", "Copy row", id="results_copy_row", tooltip="Tab-separated"),
        Binding("y", "cite_row(False)", "Cite", id="results_cite", tooltip="Y: Markdown"),
        Binding("Y", "cite_row(True)", "Cite (Markdown)", show=False, id="results_cite_markdown"),
        Binding("o", "open_row_document", "Document", id="results_open_document"),
        Binding("home", "first_column", "First column", show=False, id="results_first_column"),
        Binding("end", "last_column", "Last column", show=False, id="results_last_column"),
        Binding("ctrl+home", "first_row", "First row", show=False, id="results_first_row"),
        Binding("ctrl+end", "last_row", "Last row", show=False, id="results_last_row"),
    ]

    class NearEnd(Message):
        """The view or cursor is close to the last streamed row."""

    class CursorMoved(Message):
        """The cursor is on another cell."""

    class RowsWanted(Message):
        """Rows ``first``..``last`` are on screen but not at hand."""

        def __init__(self, first: int, last: int) -> None:
            super().__init__()
            self.first, self.last = first, last

    class JumpRequested(Message):
        """Go to row ``row`` of the whole result (``-1``: the last one)."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    class HeaderClicked(Message):
        """A column's header was clicked (the tab sorts by it)."""

        def __init__(self, column: int) -> None:
            super().__init__()
            self.column = column

    class CellViewRequested(Message):
        """The user asked to see a cell's whole value."""

        def __init__(self, column: str, type_name: str, value: Any) -> None:
            super().__init__()
            self.column = column
            self.type_name = type_name
            self.value = value

    ACTIVATE_ON_CURSOR_CLICK = False  # a click selects a cell; a double click opens it
    LOOKAHEAD = 100
    """Rows before the end of what is streamed at which the next page is asked for."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pages = Pages(1)
        self.column_names: tuple[str, ...] = ()
        self.column_types: tuple[str, ...] = ()
        self._labels: list[tuple[str, str]] = []
        self._justify: list[bool] = []  # True: right-aligned
        self._formats: list[ColumnFormat] = []
        self._wanted: tuple[int, int] | None = None

    # --- shape ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows the grid spans (at hand, or the whole result once it is windowed)."""
        return self.pages.count

    @property
    def values(self) -> list[tuple[Any, ...]]:
        """The rows at hand from the first one on (for tests and copying)."""
        return self.pages.at_hand()

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names of the result shown."""
        return self.column_names

    @property
    def cursor_coordinate(self) -> tuple[int, int]:
        """(row, column) of the cursor."""
        return self.cursor_row, self.cursor_column

    def reset(
        self,
        columns: tuple[str, ...] = (),
        types: tuple[str, ...] = (),
        pages: Pages | None = None,
    ) -> None:
        """Show ``pages`` (rows of a result with these columns) from the top."""
        self.pages = pages if pages is not None else Pages(max(1, len(columns)))
        self.column_names = columns
        self.column_types = types
        self._labels = [(display(n), short_type(t)) for n, t in zip(columns, types, strict=True)]
        self._justify = [is_numeric_type(t) for t in types]
        self._formats = [ColumnFormat(n, t) for n, t in zip(columns, types, strict=True)]
        self.cursor_row = self.cursor_column = 0
        self.set_columns(
            [min(cell_len(name) + 1 + len(kind), MAX_CELL_WIDTH) for name, kind in self._labels]
        )
        for rows in self.pages.page_rows():
            self.measure(rows)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def measure(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Widen columns for ``rows``, which just came to hand, and redraw."""
        if not self.column_names:
            return
        widths = list(self._widths)
        formats = self._formats
        for row in rows:
            for i, value in enumerate(row):
                if value is None:
                    width = 4
                elif isinstance(value, str) and len(value) > MAX_CELL_WIDTH * 2:
                    width = MAX_CELL_WIDTH
                else:
                    before = formats[i].decimals
                    if formats[i].observe(value):  # the rows already measured widen too
                        widths[i] += formats[i].decimals - before + (0 if before else 1)
                    text = formats[i].text(value)
                    width = cell_len(text) if len(text) <= MAX_CELL_WIDTH * 2 else MAX_CELL_WIDTH
                if width > widths[i]:
                    widths[i] = min(width, MAX_CELL_WIDTH)
        self.set_columns(widths)
        self.refresh()
        self.call_after_refresh(self._check_near_end)

    def grew(self) -> None:
        """The rows at hand or their count changed: resize and redraw."""
        self.set_columns(self._widths)
        self.refresh()

    # --- rendering -----------------------------------------------------------------------

    def _cell(self, text: str, width: int, right: bool) -> str:
        pad = " " * PADDING
        if len(text) > width:  # every character takes at least one cell: it cannot fit
            return pad + set_cell_size(text[:width], width - 1) + "…" + pad
        length = cell_len(text)
        if length > width:
            text = set_cell_size(text, width - 1) + "…"
        elif length < width:
            fill = " " * (width - length)
            text = fill + text if right else text + fill
        return pad + text + pad

    def render_header(self, base: Style) -> Strip:
        style = base + self.get_component_rich_style("results--header")
        dim = style + Style(dim=True, bold=False)
        segments = []
        for (name, kind), width, right in zip(
            self._labels, self._widths, self._justify, strict=True
        ):
            label = f"{name} {kind}"
            if cell_len(label) > width:
                segments.append(Segment(self._cell(name, width, right), style))
                continue
            cell = self._cell(label, width, right)
            cut = cell.rindex(kind)
            segments.append(Segment(cell[:cut], style))
            segments.append(Segment(cell[cut:], dim))
        return Strip(segments)

    def render_row(self, index: int, base: Style) -> Strip:
        row_style = base
        if index % 2 == 1:
            row_style = base + self.get_component_rich_style("results--even-row")
        on_cursor_row = index == self.cursor_row
        if on_cursor_row:
            row_style = row_style + self.get_component_rich_style("results--cursor-row")
        null_style = row_style + self.get_component_rich_style("results--null")
        cursor_style = row_style + self.get_component_rich_style("results--cursor")
        values = self.pages.row(index)
        if values is None:
            self._want(index)
            return Strip(
                [
                    Segment(self._cell(PLACEHOLDER, width, right), null_style)
                    for width, right in zip(self._widths, self._justify, strict=True)
                ]
            )
        segments = []
        for i, value in enumerate(values):
            width = self._widths[i]
            if value is None:
                text, style = self._cell("NULL", width, self._justify[i]), null_style
            else:
                if isinstance(value, str) and len(value) > width + 1:
                    value = value[: width + 1]  # only what can show: a long text costs nothing
                text = self._cell(self._formats[i].text(value), width, self._justify[i])
                style = row_style
            if on_cursor_row and i == self.cursor_column:
                style = cursor_style
            segments.append(Segment(text, style))
        return Strip(segments)

    def _want(self, index: int) -> None:
        """Collect the rows drawn without data; ask for them once the frame is drawn."""
        if self._wanted is None:
            self._wanted = (index, index)
            self.call_after_refresh(self._ask_for_wanted)
        else:
            first, last = self._wanted
            self._wanted = (min(first, index), max(last, index))

    def _ask_for_wanted(self) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.post_message(self.RowsWanted(*wanted))

    # --- cursor and paging ---------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.CursorMoved())
        self._check_near_end()

    def activate(self) -> None:
        self.action_view_cell()

    def _check_near_end(self) -> None:
        if self.pages.windowed or not self.pages.count:
            return
        count = self.pages.count
        bottom = int(self.scroll_y) + self.scrollable_content_region.height
        if bottom >= count - self.LOOKAHEAD or self.cursor_row >= count - self.LOOKAHEAD:
            self.post_message(self.NearEnd())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_near_end()

    def action_last_row(self) -> None:
        """The last row of the whole result (its page is read if it is not at hand)."""
        self.post_message(self.JumpRequested(-1))

    def go_to(self, row: int) -> None:
        """Put the cursor on row ``row`` (clamped) and in view."""
        self.move_cursor(row=row)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y == 0 and self._offsets:
            event.stop()
            x = round(self.scroll_x) + offset.x
            column = max((i for i, x0 in enumerate(self._offsets) if x0 <= x), default=0)
            self.move_cursor(column=column)
            self.post_message(self.HeaderClicked(column))
            return
        super().on_click(event)

    # --- cell actions --------------------------------------------------------------------

    def current_value(self) -> tuple[str, str, Any] | None:
        """(column, type, value) under the cursor, if there is a cell there."""
        row, col = self.cursor_row, self.cursor_column
        values = self.pages.row(row)
        if values is None or not (0 <= col < len(self.column_names)):
            return None
        return self.column_names[col], self.column_types[col], values[col]

    def action_view_cell(self) -> None:
        """Ask the console to show the whole value of the cell."""
        current = self.current_value()
        if current is not None:
            self.post_message(self.CellViewRequested(*current))

    def action_copy_cell(self) -> None:
        """Copy the value under the cursor to the clipboard."""
        current = self.current_value()
        if current is None:
            self.notify("No cell to copy", severity="warning", markup=False)
            return
        text = copy_text(current[2])
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied {display(current[0])} ({len(text)} characters)", timeout=2, markup=False
        )

    def action_cite_row(self, markdown: bool) -> None:
        """Copy the citation of the row (by its fact_id, round_id or excerpt_id)."""
        from kctui.ui.console.row_links import cite_row

        cite_row(self, markdown=markdown)

    def action_open_row_document(self) -> None:
        """Open the row's quote (its excerpt_id, or its fact_id's) in its document."""
        from kctui.ui.console.row_links import open_row_document

        open_row_document(self)

    def action_copy_row(self) -> None:
        """Copy the row under the cursor as tab-separated values."""
        row = self.cursor_row
        values = self.pages.row(row)
        if values is None:
            self.notify("No row to copy", severity="warning", markup=False)
            return
        text = "\t".join(copy_text(v) for v in values)
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied row {row + 1:,} ({len(values)} values)", timeout=2, markup=False)
