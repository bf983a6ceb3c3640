"""What every kctui screen has: the database it shows, and its command palette entries."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from kctui.core.db import Database


class KctuiScreen(Screen[None]):
    """A screen over the curated database, given in its constructor."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's entries in the command palette (none unless a screen adds some)."""
        return ()
