"""The box under the editor that shows why a statement failed, and where."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kctui.core.console.run import StatementError
from kctui.core.text import visible


class ErrorBox(Static):
    """DuckDB's whole message, with the line and column it points to; hidden when empty."""

    def show(
        self, error: StatementError, location: tuple[int, int] | None, statements: int
    ) -> None:
        """Show ``error`` (``location``: its (line, column) in the editor, 0-based)."""
        text = Text()
        where = []
        if location is not None:
            where.append(f"line {location[0] + 1}, column {location[1] + 1}")
        if statements > 1:
            where.append(f"statement {error.index + 1} of {statements}")
        if where:
            text.append(" · ".join(where), style="bold")
            text.append("\n")
        detail = "\n".join(ln for ln in error.detail.splitlines() if ln.strip())
        text.append(visible(detail, newlines="keep"))
        self.update(text)
        self.add_class("-visible")

    def hide(self) -> None:
        self.remove_class("-visible")

    @property
    def text(self) -> str:
        """What the box says, if it is shown."""
        return str(self.render()) if self.has_class("-visible") else ""
