"""A one-line strip of tabs (the console's buffers, a run's results); click one to switch.

One light widget drawing one line, like the dashboard's PanelTabs, rather than
Textual's Tabs (two lines and a widget per tab): at 80x24 every line counts. Labels
come from data (buffer names, file names) and are drawn as plain text.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from kctui.core.text import one_line
from kctui.ui.theme import Palette

MAX_LABEL = 28
"""Cells a tab's label takes at most (longer names end in an ellipsis)."""


class TabStrip(Widget):
    """`` 1 Buffer 1  2 revenue.sql •  `` with the active tab lit; a hint on the right."""

    DEFAULT_CSS = """
    TabStrip { height: 1; width: 1fr; }
    """

    class Chosen(Message):
        """A tab was clicked."""

        def __init__(self, strip: TabStrip, index: int) -> None:
            super().__init__()
            self.strip, self.index = strip, index

        @property
        def control(self) -> TabStrip:
            return self.strip

    def __init__(self, *, hint: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: list[str] = []
        self.active = 0
        self.hint = hint

    def show(self, labels: list[str], active: int) -> None:
        """Set the tabs and which one is active."""
        self.labels, self.active = list(labels), active
        self.refresh()

    def _cells(self) -> list[str]:
        out = []
        for i, label in enumerate(self.labels, 1):
            text = one_line(label)
            if cell_len(text) > MAX_LABEL:
                text = text[: MAX_LABEL - 1] + "…"
            out.append(f" {i} {text} ")
        return out

    def render(self) -> Text:
        palette = Palette.of(self)
        lit = palette.accent + Style(bold=True, reverse=True)
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, cell in enumerate(self._cells()):
            out.append(cell, lit if i == self.active else palette.dim)
            out.append(" ")
        room = self.size.width - out.cell_len - cell_len(self.hint)
        if self.hint and room >= 1:
            out.append(" " * room)
            out.append(self.hint, palette.dim)
        return out

    def on_click(self, event: Click) -> None:
        x = 0
        for i, cell in enumerate(self._cells()):
            width = cell_len(cell) + 1
            if x <= event.x < x + width:
                event.stop()
                self.post_message(self.Chosen(self, i))
                return
            x += width

    @property
    def plain(self) -> str:
        """The strip as shown (for tests)."""
        return " ".join(self._cells())
