"""The console's results: a status line, the cursor's position, the grid or a message.

The screen tells it what to show; it keeps the grid and the message box in step (one
of them is on screen) and colours the status by the run's phase from the theme.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from kctui.ui.console.grid import ResultsTable

TONES = ("-busy", "-error", "-warning")
"""Classes that colour the status and the message (see console.tcss)."""


class ResultsPane(Vertical):
    """Status line and position over the grid, or a message in its place."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-bar"):
            yield Static(id="results-status")
            yield Static(id="results-position")
        yield ResultsTable(id="results")
        yield Static(id="results-message")

    @property
    def table(self) -> ResultsTable:
        return self.query_one(ResultsTable)

    def _tone(self, widget: Static, tone: str | None) -> None:
        for name in TONES:
            widget.set_class(name == tone, name)

    def set_status(self, text: str, tone: str | None = None) -> None:
        """The status line (``tone``: ``-busy``, ``-error``, ``-warning`` or none)."""
        status = self.query_one("#results-status", Static)
        status.update(Text(text))
        self._tone(status, tone)

    def set_position(self, more: bool) -> None:
        """``row 3/200+ col 2/5``: where the cursor is (``+``: more rows to come)."""
        table = self.table
        label = self.query_one("#results-position", Static)
        if not table.row_count or not table.display:
            label.update("")
            return
        row, col = table.cursor_coordinate
        plus = "+" if more else ""
        label.update(
            f"row {row + 1:,}/{table.row_count:,}{plus} col {col + 1}/{len(table.columns)}"
        )

    def show_table(self) -> None:
        self.table.display = True
        self.query_one("#results-message").display = False

    def show_message(self, text: str, tone: str | None = None) -> None:
        """A message where the grid would be (no result, a failure, a cancel)."""
        self.table.display = False
        self.query_one("#results-position", Static).update("")
        message = self.query_one("#results-message", Static)
        message.update(Text(text))
        self._tone(message, tone)
        message.display = True

    @property
    def status_text(self) -> str:
        """The status line as shown (for tests and screen readers)."""
        return str(self.query_one("#results-status", Static).render())

    @property
    def message_text(self) -> str:
        """The message as shown, if one is."""
        message = self.query_one("#results-message", Static)
        return str(message.render()) if message.display else ""
