"""The dashboard's table: a DataTable with vi keys that rebuilds without losing its place."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable

Cell = Text
"""Cells are always rich Text: a str cell would be parsed as markup, and data is never markup."""


class KTable(DataTable[Cell]):
    """A DataTable with j/k, whose rows are replaced wholesale when the data or width changes."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Detail",
            id="table_detail",
            tooltip="Chart and every quote behind what the cursor is on",
        ),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    DEFAULT_CSS = """
    KTable {
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, cursor_type: str = "row", id: str | None = None) -> None:
        super().__init__(
            id=id,
            cursor_type=cursor_type,  # type: ignore[arg-type]
            zebra_stripes=False,
            cursor_foreground_priority="renderable",
        )

    def replace(
        self,
        columns: Sequence[tuple[Text, int | None]],
        rows: Sequence[Sequence[Cell]],
        *,
        keep_cursor: bool = True,
    ) -> None:
        """Show ``rows`` under ``columns`` ((label, width or None to fit)), keeping the cursor."""
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        for label, width in columns:
            self.add_column(label, width=width)
        for index, row in enumerate(rows):
            self.add_row(*row, key=str(index))
        if keep_cursor and rows:
            row = min(cursor.row, len(rows) - 1)
            column = min(cursor.column, len(columns) - 1)
            self.move_cursor(row=row, column=column, animate=False, scroll=True)
        elif rows:
            self.cursor_coordinate = Coordinate(0, 0)
