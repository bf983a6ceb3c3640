"""The compact layout's tab strip: which panel is on screen; click one to switch.

One light widget rather than Textual's Tabs: it is only on screen below 100x30, and
it should cost nothing at launch in the 2x2 layout.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from kctui.ui.theme import Palette


class PanelTabs(Widget):
    """``1 Rounds  2 Results  3 Competitors  4 Sources``, the active one lit."""

    DEFAULT_CSS = """
    PanelTabs { height: 1; }
    """

    active: reactive[str] = reactive("")
    """The id of the panel shown."""

    class Chosen(Message):
        """A tab was clicked."""

        def __init__(self, name: str) -> None:
            self.name = name
            super().__init__()

    def __init__(self, panels: tuple[tuple[str, str], ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.panels = panels

    def _labels(self) -> list[tuple[str, str]]:
        return [(name, f" {i} {label} ") for i, (name, label) in enumerate(self.panels, 1)]

    def render(self) -> Text:
        palette = Palette.of(self)
        lit = palette.accent + Style(bold=True, reverse=True)
        out = Text(no_wrap=True, overflow="ellipsis")
        for name, label in self._labels():
            out.append(label, lit if name == self.active else palette.dim)
            out.append(" ")
        return out

    def on_click(self, event: Click) -> None:
        x = 0
        for name, label in self._labels():
            width = cell_len(label) + 1
            if x <= event.x < x + width:
                self.post_message(self.Chosen(name))
                return
            x += width
