"""What the console's workers and widgets tell it: one message per outcome, past tense.

Each carries the run it is about, so a message from a run that has since been replaced
is told apart and ignored; tests listen to them (``run_test(message_hook=...)``) rather
than reading the screen's state.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from kctui.core.console.run import Outcome, QueryRun, StatementError


class QueryStarted(Message):
    """A run began executing its statements."""

    def __init__(self, run: QueryRun) -> None:
        super().__init__()
        self.run = run


class QueryFinished(Message):
    """Every statement ran; ``outcome`` has the last one's first page."""

    def __init__(self, run: QueryRun, outcome: Outcome) -> None:
        super().__init__()
        self.run, self.outcome = run, outcome


class QueryFailed(Message):
    """A statement failed (the ones before it stay done)."""

    def __init__(self, run: QueryRun, error: StatementError, elapsed: float) -> None:
        super().__init__()
        self.run, self.error, self.elapsed = run, error, elapsed


class QueryCancelled(Message):
    """The run was cancelled before it finished."""

    def __init__(self, run: QueryRun, elapsed: float) -> None:
        super().__init__()
        self.run, self.elapsed = run, elapsed


class RowsFetched(Message):
    """A further page of the result arrived (or fetching it failed: ``error``)."""

    def __init__(self, run: QueryRun, rows: list[tuple[Any, ...]], error: str | None) -> None:
        super().__init__()
        self.run, self.rows, self.error = run, rows, error


class ExportFinished(Message):
    """An export wrote its file (``ok``) or failed; ``message`` says which."""

    def __init__(self, message: str, ok: bool) -> None:
        super().__init__()
        self.message, self.ok = message, ok
