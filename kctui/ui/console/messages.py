"""What the console's workers and widgets tell it: one message per outcome, past tense.

Each carries what it is about (the run, or the result source), so a message from
something that has since been replaced is told apart and ignored; tests listen to
them (``run_test(message_hook=...)``) rather than reading the screen's state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message

from kctui.core.console.outcome import Outcome
from kctui.core.console.run import QueryRun, StatementError
from kctui.core.console.source import ResultSource
from kctui.core.console.wrap import View


class QueryStarted(Message):
    """A run began executing its statements."""

    def __init__(self, run: QueryRun) -> None:
        super().__init__()
        self.run = run


class QueryFinished(Message):
    """Every statement ran; ``outcome`` has each one's result."""

    def __init__(self, run: QueryRun, outcome: Outcome) -> None:
        super().__init__()
        self.run, self.outcome = run, outcome


class QueryFailed(Message):
    """A statement failed (the ones before it stay done: ``run.results``)."""

    def __init__(self, run: QueryRun, error: StatementError, elapsed: float) -> None:
        super().__init__()
        self.run, self.error, self.elapsed = run, error, elapsed


class QueryCancelled(Message):
    """The run was cancelled before it finished."""

    def __init__(self, run: QueryRun, elapsed: float) -> None:
        super().__init__()
        self.run, self.elapsed = run, elapsed


class RowsFetched(Message):
    """A further page of a streamed result arrived (or fetching it failed: ``error``)."""

    def __init__(
        self, source: ResultSource, rows: list[tuple[Any, ...]], error: str | None
    ) -> None:
        super().__init__()
        self.source, self.rows, self.error = source, rows, error


class CountFinished(Message):
    """DuckDB counted a result's rows (``total``), or the count failed (``error``)."""

    def __init__(
        self, source: ResultSource, total: int | None, elapsed: float, error: str | None
    ) -> None:
        super().__init__()
        self.source, self.total, self.elapsed, self.error = source, total, elapsed, error


class ResultCopied(Message):
    """A result was copied into DuckDB (any row may be read now) or could not be.

    ``page`` and ``rows``: the page around ``target``, the row that was asked for.
    """

    def __init__(
        self,
        source: ResultSource,
        target: int | None,
        page: int,
        rows: list[tuple[Any, ...]],
        error: str | None,
    ) -> None:
        super().__init__()
        self.source, self.target, self.page, self.rows, self.error = (
            source,
            target,
            page,
            rows,
            error,
        )


class PageRead(Message):
    """A page of a copied result arrived (or reading it failed: ``error``)."""

    def __init__(
        self, source: ResultSource, page: int, rows: list[tuple[Any, ...]], error: str | None
    ) -> None:
        super().__init__()
        self.source, self.page, self.rows, self.error = source, page, rows, error


class ViewFinished(Message):
    """A sort or filter ran as a wrapped query: ``outcome``, or ``error``/``cancelled``."""

    def __init__(
        self,
        run: QueryRun,
        view: View,
        outcome: Outcome | None,
        error: str | None,
        elapsed: float,
    ) -> None:
        super().__init__()
        self.run, self.view, self.outcome, self.error, self.elapsed = (
            run,
            view,
            outcome,
            error,
            elapsed,
        )

    @property
    def cancelled(self) -> bool:
        return self.outcome is None and self.error is None


class ExportFinished(Message):
    """An export wrote its file (``ok``) or failed; ``message`` says which."""

    def __init__(self, message: str, ok: bool) -> None:
        super().__init__()
        self.message, self.ok = message, ok


class BuffersSaved(Message):
    """The buffers were written to ``path`` (``error``: they could not be)."""

    def __init__(self, path: Path, error: str | None) -> None:
        super().__init__()
        self.path, self.error = path, error


class FileSaved(Message):
    """A buffer was saved to a .sql file (``error``: it could not be)."""

    def __init__(self, path: Path, error: str | None) -> None:
        super().__init__()
        self.path, self.error = path, error
