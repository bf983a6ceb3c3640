"""The console's results grid, fed page by page from a streamed result.

Values are shown as literal text, never markup: NULL is a dim ``NULL``, an empty
string is nothing at all, numbers are right-aligned, control characters (newlines,
terminal escapes) are drawn as visible symbols, and wide (CJK) characters are measured
in terminal cells so columns stay aligned. Long values are cut with an ellipsis; the
whole value is one ``enter`` (or ``c`` to copy) away.

The grid is a line-API widget (``ScrollView.render_line``) that formats only the rows
on screen. Textual's DataTable was the first choice, but it builds renderables and
re-measures for every row added (about 0.3 ms a row here), which froze the UI for a
third of a second per 1,000-row page; this grid appends a page in a few milliseconds.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from kctui.core.text import visible
from kctui.ui.widgets.line_grid import PADDING, LineGrid

MAX_CELL_WIDTH = 48
"""Widest a column grows; longer values end in an ellipsis."""


def is_numeric_type(type_name: str) -> bool:
    """Whether a DuckDB column type holds numbers (shown right-aligned)."""
    base = type_name.upper().split("(")[0]
    return base in {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL",
        "REAL",
    }


def short_type(type_name: str) -> str:
    """A compact type name for the column header (``DECIMAL(18,3)`` → ``decimal``)."""
    base = type_name.split("(")[0].strip().lower()
    if base.endswith("[]") or base.startswith(("struct", "map", "union")):
        return base.split("(")[0][:10]
    return {"varchar": "text", "timestamp with time zone": "timestamptz"}.get(base, base)


def display(value: Any) -> str:
    """The text a value shows as in a cell (without NULL, which is styled apart)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return format(value, ".15g") if abs(value) < 1e15 else repr(value)
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    text = value if isinstance(value, str) else str(value)
    return visible(text, newlines="mark")


def literal(text: str) -> str:
    """``text`` with control characters (terminal escapes) made visible, newlines kept."""
    return visible(text, newlines="keep")


def copy_text(value: Any) -> str:
    """A value as copied to the clipboard: exact, NULL as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return display(value) if not isinstance(value, str) else value


class ResultsTable(LineGrid):
    """A virtual grid over the loaded rows: it renders only what is on screen.

    Appending a page costs time in proportion to the page (widths of its cells), never
    to what is already loaded, so scrolling through a long result stays smooth. Asks
    for more rows (:class:`NearEnd`) when the view or cursor nears the last one.
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
        Binding(
            "enter",
            "activate",
            "View",
            id="results_view",
            tooltip="Show the whole value of the cell",
        ),
        Binding("c", "copy_cell", "Copy cell", id="results_copy_cell"),
        Binding(
            "r",
            "copy_row",
            "Copy row",
            id="results_copy_row",
            tooltip="Copy the row as tab-separated values",
        ),
        Binding("home", "first_column", "First column", show=False),
        Binding("end", "last_column", "Last column", show=False),
        Binding("ctrl+home", "first_row", "First row", show=False),
        Binding("ctrl+end", "last_row", "Last loaded row", show=False),
    ]

    class NearEnd(Message):
        """The view or cursor is close to the last loaded row."""

    class CursorMoved(Message):
        """The cursor is on another cell."""

    class CellViewRequested(Message):
        """The user asked to see a cell's whole value."""

        def __init__(self, column: str, type_name: str, value: Any) -> None:
            super().__init__()
            self.column = column
            self.type_name = type_name
            self.value = value

    ACTIVATE_ON_CURSOR_CLICK = False  # a click selects a cell; a double click opens it
    LOOKAHEAD = 100
    """Rows before the end of what is loaded at which the next page is asked for."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values: list[tuple[Any, ...]] = []
        self.column_names: tuple[str, ...] = ()
        self.column_types: tuple[str, ...] = ()
        self._labels: list[tuple[str, str]] = []
        self._justify: list[bool] = []  # True: right-aligned

    # --- shape ---------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows loaded."""
        return len(self.values)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names of the result shown."""
        return self.column_names

    @property
    def cursor_coordinate(self) -> tuple[int, int]:
        """(row, column) of the cursor."""
        return self.cursor_row, self.cursor_column

    def reset(self, columns: tuple[str, ...] = (), types: tuple[str, ...] = ()) -> None:
        """Drop every row (their memory goes with them) and set new columns."""
        self.values = []
        self.column_names = columns
        self.column_types = types
        self._labels = [(display(n), short_type(t)) for n, t in zip(columns, types, strict=True)]
        self._justify = [is_numeric_type(t) for t in types]
        self.cursor_row = self.cursor_column = 0
        self.set_columns(
            [min(cell_len(name) + 1 + len(kind), MAX_CELL_WIDTH) for name, kind in self._labels]
        )
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def append_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Add a page of rows at the bottom."""
        if not rows or not self.column_names:
            return
        widths = list(self._widths)
        for row in rows:
            for i, value in enumerate(row):
                if value is None:
                    width = 4
                elif isinstance(value, str) and len(value) > MAX_CELL_WIDTH * 2:
                    width = MAX_CELL_WIDTH
                else:
                    text = display(value)
                    width = cell_len(text) if len(text) <= MAX_CELL_WIDTH * 2 else MAX_CELL_WIDTH
                if width > widths[i]:
                    widths[i] = min(width, MAX_CELL_WIDTH)
        self.values.extend(rows)
        self.set_columns(widths)
        self.refresh()
        self.call_after_refresh(self._check_near_end)

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
        segments = []
        for i, value in enumerate(self.values[index]):
            width = self._widths[i]
            if value is None:
                text, style = self._cell("NULL", width, self._justify[i]), null_style
            else:
                if isinstance(value, str) and len(value) > width + 1:
                    value = value[: width + 1]  # only what can show: a long text costs nothing
                text, style = self._cell(display(value), width, self._justify[i]), row_style
            if on_cursor_row and i == self.cursor_column:
                style = cursor_style
            segments.append(Segment(text, style))
        return Strip(segments)

    # --- cursor and paging ---------------------------------------------------------------

    def cursor_moved(self) -> None:
        self.post_message(self.CursorMoved())
        self._check_near_end()

    def activate(self) -> None:
        self.action_view_cell()

    def _check_near_end(self) -> None:
        if not self.values:
            return
        bottom = int(self.scroll_y) + self.scrollable_content_region.height
        if bottom >= len(self.values) - self.LOOKAHEAD or (
            self.cursor_row >= len(self.values) - self.LOOKAHEAD
        ):
            self.post_message(self.NearEnd())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_near_end()

    # --- cell actions --------------------------------------------------------------------

    def current_value(self) -> tuple[str, str, Any] | None:
        """(column, type, value) under the cursor, if there is a cell there."""
        row, col = self.cursor_row, self.cursor_column
        if not (0 <= row < len(self.values)) or not (0 <= col < len(self.column_names)):
            return None
        return self.column_names[col], self.column_types[col], self.values[row][col]

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

    def action_copy_row(self) -> None:
        """Copy the row under the cursor as tab-separated values."""
        row = self.cursor_row
        if not 0 <= row < len(self.values):
            self.notify("No row to copy", severity="warning", markup=False)
            return
        text = "\t".join(copy_text(v) for v in self.values[row])
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied row {row + 1} ({len(self.values[row])} values)", timeout=2, markup=False
        )
