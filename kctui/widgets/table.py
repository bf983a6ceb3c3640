"""The dashboard's table: a DataTable with vi keys that rebuilds without losing its place.

It also keeps a focus switch cheap. A stock DataTable throws away every rendered cell
whenever its styles are re-applied, and Textual re-applies them on every focus change
(of the table, or of any ancestor's ``:focus-within``). Re-rendering every visible cell
of two tables is most of the time a focus switch takes. A KTable looks the same focused
or not (the panel's border shows the focus: see the ``KTable`` rules in
``dashboard.tcss``), so it skips the repaint on focus and blur, leaves focus and hover
out of its render caches' keys, and empties them only when the styles it draws with
actually change (a theme switch, say).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widget import PseudoClasses
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
        self._drawn_with: tuple[Any, ...] | None = None
        self._restyle_pending = False

    # --- cheap focus changes ------------------------------------------------------------

    def get_pseudo_class_state(self) -> PseudoClasses:
        # Only DataTable's render caches use this, as part of their keys.
        state = super().get_pseudo_class_state()
        return PseudoClasses(enabled=state.enabled, focus=False, hover=False)

    def _on_focus(self, event: events.Focus) -> None:
        # Widget._on_focus without its wholesale refresh: nothing here looks different.
        event.prevent_default()
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def notify_style_update(self) -> None:
        # Instead of DataTable's wholesale cache clearing, check once the stylesheet has
        # finished with this node (component styles come after) whether anything changed.
        super(DataTable, self).notify_style_update()
        if not self._restyle_pending:
            self._restyle_pending = True
            self.call_later(self._restyled)

    def _restyled(self) -> None:
        self._restyle_pending = False
        drawn_with = (
            self.rich_style,
            *(self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)),
        )
        if drawn_with != self._drawn_with:
            self._drawn_with = drawn_with
            self._row_render_cache.clear()
            self._cell_render_cache.clear()
            self._row_renderable_cache.clear()
            self._line_cache.clear()
            self._styles_cache.clear()
            self._get_styles_to_render_cell.cache_clear()
            self.refresh()

    # --- rows ------------------------------------------------------------------------------

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
