"""Placeholder console (replaced by the console issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ConsoleScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("console")
        yield Footer()

    def load_query(self, sql: str, run: bool = False) -> None:
        self.query_one(Static).update(sql)
