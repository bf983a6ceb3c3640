"""A long text with line numbers, wrapped to the width there is, drawn a line at a time.

The document view shows a whole source document (up to tens of thousands of
characters) with its quotes and the reader's search lit. It is a line-API ScrollView:
the text is wrapped once per width into strips, and only the rows in view are drawn,
so scrolling and stepping from quote to quote repaint a screenful, not the document.
Each source line keeps its number in a gutter, the way the quotes name their lines.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class DocumentView(ScrollView, can_focus=True):
    """``text`` wrapped, with a gutter of line numbers; :meth:`show_offset` scrolls to a
    character of it."""

    DEFAULT_CSS = """
    DocumentView {
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._gutter_style = Style()
        self._rows: list[Strip] = []
        self._row_starts: list[int] = []
        """The character offset each row starts at (ascending)."""
        self._wrapped_at = -1
        self._pending: int | None = None

    @property
    def text(self) -> Text:
        """The whole text with its styles."""
        return self._text

    @property
    def row_count(self) -> int:
        """Rows the text takes at the current width."""
        return len(self._rows)

    def update(self, text: Text, gutter_style: Style | None = None) -> None:
        """Show ``text`` (its styles lit); the scroll position stays where it was."""
        self._text = text
        self._gutter_style = gutter_style or Style(dim=True)
        self._wrapped_at = -1
        self._wrap()
        self.refresh()

    def on_resize(self, event: Resize) -> None:
        self._wrap()

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _wrap(self) -> None:
        width = self._width()
        if width <= 0 or width == self._wrapped_at or not self.is_mounted:
            return
        self._wrapped_at = width
        console = self.app.console
        lines = self._text.split("\n", include_separator=False, allow_blank=True)
        gutter = len(str(len(lines))) + 1
        room = max(1, width - gutter - 1)
        rows: list[Strip] = []
        starts: list[int] = []
        offset = 0
        blank_gutter = Segment(" " * (gutter + 1), self._gutter_style)
        for number, line in enumerate(lines, 1):
            pieces = line.wrap(console, room, overflow="fold") if line.plain else [Text()]
            piece_offset = offset
            for i, piece in enumerate(pieces):
                number_cell = (
                    Segment(f"{number:>{gutter}} ", self._gutter_style) if i == 0 else blank_gutter
                )
                segments = [number_cell, *piece.render(console, end="")]
                rows.append(Strip(segments).adjust_cell_length(width))
                starts.append(piece_offset)
                piece_offset += len(piece.plain)
            offset += len(line.plain) + 1  # and its line break
        self._rows, self._row_starts = rows, starts
        self.virtual_size = Size(width, len(rows))
        if self._pending is not None:
            self.call_after_refresh(self._scroll_to_pending)

    def row_of(self, offset: int) -> int:
        """The row the character at ``offset`` is drawn on."""
        return max(0, bisect_right(self._row_starts, offset) - 1)

    def show_offset(self, offset: int) -> None:
        """Scroll so that the character at ``offset`` is in view, a quarter way down (after
        the next refresh: the text wrapped and the scroll range known)."""
        self._pending = offset
        if self._rows:
            self.call_after_refresh(self._scroll_to_pending)

    def _scroll_to_pending(self, tries: int = 0) -> None:
        offset = self._pending
        if offset is None or not self._rows:
            return
        height = self.scrollable_content_region.height
        if self.max_scroll_y < len(self._rows) - height and tries < 50:
            # The scroll range is not the new text's yet (its layout is still to come):
            # a scroll now would stop short; the next refresh tries again.
            self.call_after_refresh(self._scroll_to_pending, tries + 1)
            return
        self._pending = None
        row = self.row_of(offset)
        top = max(0, row - max(1, height // 4))
        self.scroll_to(y=top, animate=False, immediate=True)

    def visible_rows(self) -> range:
        """The rows in view."""
        top = self.scroll_offset.y
        return range(top, min(len(self._rows), top + self.scrollable_content_region.height))

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self._width()
        base = self.rich_style
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, base)
        return self._rows[row].apply_style(base).crop_extend(0, width, base)
