"""One-line questions: a buffer's name, a row to go to, a .sql file to open or save.

:class:`InputScreen` is a small modal with one input; enter answers, escape leaves
without an answer (``None``). A path input completes file and folder names as you type
(:class:`PathSuggester`: the rest of the name is shown dim, ``right`` accepts it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from kctui.ui.console.dialogs import DIALOG_CSS


class PathSuggester(Suggester):
    """Completes the last part of a path from what is on disk (folders end in ``/``)."""

    def __init__(self, base: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, stem = expanded.rpartition(os.sep)
        where = Path(folder or os.sep) if value.startswith(("/", "~")) or folder else None
        if where is None:
            where = self.base or Path.cwd()
        elif not where.is_absolute():
            where = (self.base or Path.cwd()) / where
        try:
            names = sorted(e.name + ("/" if e.is_dir() else "") for e in os.scandir(where))
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and name != stem and not name.startswith("."):
                return value + name[len(stem) :]
        return None


class InputScreen(ModalScreen[str | None]):
    """A question with one line of answer; enter answers, escape leaves."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="InputScreen")
        + """
    InputScreen > Vertical { width: 80; }
    """
    )
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="input_cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        hint: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """``check``: returns why an answer is not acceptable (shown, the dialog stays)."""
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.placeholder = placeholder
        self.suggester = suggester
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(Text(self.hint), classes="dialog-hint")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                id="prompt-input",
            )
            yield Static(id="prompt-error", classes="dialog-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        problem = self.check(answer) if self.check else None
        if problem:
            self.query_one("#prompt-error", Static).update(Text(problem))
            return
        self.dismiss(answer)

    def action_dismiss_none(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


def row_number_check(total: int | None) -> Callable[[str], str | None]:
    """Accept a row number from 1 (to ``total``, when known); ``,`` and ``_`` allowed."""

    def check(answer: str) -> str | None:
        digits = answer.replace(",", "").replace("_", "")
        if not digits.isdigit() or int(digits) < 1:
            return "Give a row number, 1 or more."
        if total is not None and int(digits) > total:
            return f"The result has {total:,} rows."
        return None

    return check


def row_number(answer: str) -> int:
    """The 0-based row an answer accepted by :func:`row_number_check` names."""
    return int(answer.replace(",", "").replace("_", "")) - 1
