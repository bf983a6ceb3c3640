"""The quotes behind the selection: wrapped text in a box of fixed size, wheel-scrolled.

The Sources panel rewrites it on every cursor move in any panel. A Static in a
VerticalScroll changes height with its text, and a height change lays the whole
screen out again and repaints all of it: that was nearly all of a cursor move's time,
and grew with the length of the quotes. This box never changes size, so an update
repaints its own lines only. Text that does not fit ends with a line saying how much
more there is; the mouse wheel scrolls it (the detail view has everything). A *head*
(what the selection is, its figures) stays on top while the quotes under it scroll, so
a long quote scrolled to the words that state a figure still says what it is about.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class QuoteView(Widget, can_focus=False):
    """Read-only wrapped text; ``update`` replaces it and scrolls back to the top."""

    COMPONENT_CLASSES = {"quote-view--more"}
    DEFAULT_CSS = """
    QuoteView {
        height: 1fr;
    }
    QuoteView > .quote-view--more {
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._head = Text()
        self._lines: list[Strip] = []
        self._head_lines: list[Strip] = []
        self._wrapped_at = -1
        self._top = 0
        self._anchor: tuple[str, str] | None = None
        self._base = self._more = Style()

    @property
    def text(self) -> Text:
        """What is shown (all of it, not only what fits)."""
        return self._text

    @property
    def head(self) -> Text:
        """The lines that stay on top."""
        return self._head

    def update(
        self, text: Text, anchor: tuple[str, str] | None = None, head: Text | None = None
    ) -> None:
        """Show ``head`` (kept on top, at most half the box) over ``text`` from its first
        line; with ``anchor`` (``after``, ``words``), ``text`` is scrolled if need be so
        that the first line holding ``words`` below the first line holding ``after`` is
        in view (a quote's words under its heading)."""
        self._text = text
        self._head = head or Text()
        self._wrapped_at = -1
        self._top = 0
        self._anchor = anchor
        self.refresh()

    def _seek_anchor(self, width: int, height: int) -> None:
        anchor, self._anchor = self._anchor, None
        height -= len(self._head_shown(width, height))
        if anchor is None or height < 2:
            return
        after, words = anchor
        # The words may wrap: look for their first.
        needle = words.split()[0] if words.split() else words
        seen_after = False
        for index, line in enumerate(self._wrapped(width)):
            seen_after = seen_after or after in line.text
            if seen_after and needle in line.text:
                if index >= height - 1:  # not in view (the last line may say "more")
                    last_top = max(0, len(self._lines) - height)
                    self._top = min(index - 1, last_top)
                return

    def _wrapped(self, width: int) -> list[Strip]:
        if width != self._wrapped_at:
            console = self.app.console
            options = console.options.update(width=width, no_wrap=False, overflow="fold")

            def wrap(text: Text) -> list[Strip]:
                if not text.plain:
                    return []
                lines = console.render_lines(text, options, pad=False, new_lines=False)
                return [Strip(line) for line in lines]

            self._lines = wrap(self._text)
            self._head_lines = wrap(self._head)
            self._wrapped_at = width
        return self._lines

    def _head_shown(self, width: int, height: int) -> list[Strip]:
        self._wrapped(width)
        return self._head_lines[: max(0, height // 2)]

    @property
    def line_count(self) -> int:
        """Lines the text (and its head) wrap to at the current width."""
        return len(self._wrapped(self.size.width)) + len(self._head_lines)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._anchor is not None:
            self._seek_anchor(*self.size)
        # Styles once per repaint, not once per line.
        self._base = self.rich_style
        self._more = self._base + self.get_component_rich_style("quote-view--more")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base = self._base
        lines = self._wrapped(width)
        head = self._head_shown(width, height)
        if y < len(head):
            return Strip(Segment.apply_style(list(head[y]), base)).crop_extend(0, width, base)
        y -= len(head)
        height -= len(head)
        below = len(lines) - (self._top + height)
        if y == height - 1 and below > 0:
            more = below + 1
            note = f"… {more} more line{'s' if more != 1 else ''}: scroll, or enter for the detail"
            return Strip([Segment(note[:width], self._more)]).extend_cell_length(width, base)
        index = self._top + y
        if index >= len(lines):
            return Strip.blank(width, base)
        line = Strip(Segment.apply_style(list(lines[index]), base))
        return line.crop_extend(0, width, base)

    def _scroll(self, lines: int) -> bool:
        height = self.size.height - len(self._head_shown(self.size.width, self.size.height))
        last_top = max(0, len(self._wrapped(self.size.width)) - height)
        top = max(0, min(self._top + lines, last_top))
        if top == self._top:
            return False
        self._top = top
        self.refresh()
        return True

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self._scroll(2):
            event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll(-2):
            event.stop()
