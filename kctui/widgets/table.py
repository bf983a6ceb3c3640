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

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.widget import PseudoClasses
from textual.widgets import DataTable
from textual.widgets._data_table import SegmentLines

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

    def watch_has_focus(self, _has_focus: bool) -> None:
        # Widget's watcher re-applies the stylesheet to the table and its thirteen
        # component classes; nothing here is styled by focus, so skip it.
        pass

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
        if self._drawn_with is None:
            # Not drawn yet: nothing to throw away. Note the styles after the first paint.
            self._drawn_with = ()
            self.call_after_refresh(self._note_styles)
            return
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

    def _note_styles(self) -> None:
        if self._drawn_with == ():
            self._drawn_with = (
                self.rich_style,
                *(self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)),
            )

    # --- cheap first paint ---------------------------------------------------------------

    def _size_now(self) -> None:
        """Set the scrollable size from the known column widths, at once.

        A DataTable measures every new cell on idle and then lays itself out and paints
        a second time; a KTable's columns all have explicit widths, so there is nothing
        to measure.
        """
        self._new_rows.clear()
        self._require_update_dimensions = False
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        # A one-line Text cell drawn straight to segments: DataTable's general path
        # (Padding in Styled through console.render_lines) is most of a first paint.
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        _label, cells = self._get_row_renderables(row_index)
        cell = cells[column_index]
        if not isinstance(cell, Text):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pad = self.cell_padding
        room = max(0, width - 2 * pad)
        text = cell
        if text.cell_len > room:
            text = text.copy()
            # As a DataTable draws a one-line cell: cropped, with "…" only if asked for.
            text.truncate(room, overflow="ellipsis" if text.overflow == "ellipsis" else "crop")
        gap = room - text.cell_len
        if text.justify == "right":
            left, right = gap, 0
        elif text.justify == "center":
            left, right = gap // 2, gap - gap // 2
        else:
            left, right = 0, gap
        console = self.app.console
        body: list[Segment] = list(text.render(console, end=""))
        if text.style and not text.spans:
            # Text.render leaves out the text's own style when it has no spans.
            body = list(Segment.apply_style(body, console.get_style(text.style)))
        segments = [Segment(" " * (pad + left)), *body, Segment(" " * (right + pad))]
        # The meta is what a mouse click on the cell reports (DataTable adds it too).
        style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        line = list(Segment.apply_style(segments, style + component_style, post_style))
        lines = [line]
        self._cell_render_cache[key] = lines
        return lines

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
        if not any(column.auto_width for column in self.columns.values()):
            self._size_now()
        if keep_cursor and rows:
            row = min(cursor.row, len(rows) - 1)
            column = min(cursor.column, len(columns) - 1)
            self.move_cursor(row=row, column=column, animate=False, scroll=True)
        elif rows:
            self.cursor_coordinate = Coordinate(0, 0)
