"""Shown instead of the app when the terminal is smaller than 80x24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """A plain message; it goes away by itself when the terminal grows."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: auto; height: auto; text-align: center; }
    """
    BINDINGS = [Binding("ctrl+q,q", "app.quit", "Quit", id="too_small_quit")]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._update()

    def on_resize(self) -> None:
        self._update()

    def _update(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            f"Terminal too small: {width}x{height}.\n"
            "kctui needs at least 80x24.\n"
            "Enlarge the window, or press q to quit."
        )
