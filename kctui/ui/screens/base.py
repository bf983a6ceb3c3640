"""What every kctui screen has: the database it shows, and its command palette entries."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen
from textual.widget import Widget

from kctui.core.db import Database


class KctuiScreen(Screen[None]):
    """A screen over the curated database, given in its constructor."""

    MAXIMISES_ITS_OWN_WAY = False
    """The screen has its own maximise key (Textual's palette entry is then left out)."""
    RESTORE_HINT = "escape restores"
    """How to come back from a maximised widget, shown in the title bar meanwhile."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db

    def watch_maximized(self, maximized: Widget | None) -> None:
        # The title bar stays in view (KctuiApp.ALLOW_IN_MAXIMIZED_VIEW) and says how back.
        self.sub_title = f"maximised · {self.RESTORE_HINT}" if maximized is not None else None

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette (none unless a screen adds some)."""
        return ()
