"""The console's run state and what its status lines say. No Textual here.

A run goes ``idle -> running -> idle`` (finished, failed or cancelled) and may pass
through ``cancelling`` when escape is pressed. :class:`RunState` holds the run, the
statements and where they came from, and the timings. Once the run has finished,
each result tab streams, counts and pages on its own; :func:`result_status` and
:func:`position` say what its status line shows. Every transition and every text is
unit-tested without an app.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kctui.core.console.outcome import Outcome
from kctui.core.console.run import QueryRun
from kctui.core.console.sqltext import Span, location


class Phase(enum.Enum):
    """What the console's run is doing."""

    IDLE = "idle"
    RUNNING = "running"
    CANCELLING = "cancelling"


@dataclass
class RunState:
    """The current run of the console (or the last one, once it is over)."""

    phase: Phase = Phase.IDLE
    run: QueryRun | None = None
    spans: list[Span] = field(default_factory=list)
    """The statements of the run, as offsets into :attr:`source`."""
    source: str = ""
    """The editor's text when the run started (error positions map into it)."""
    started: float = 0.0
    note: str = ""
    """How the last run ended, for the results pane (``Failed · 0.010 s``...)."""

    @property
    def busy(self) -> bool:
        """The run's statements are running."""
        return self.phase is not Phase.IDLE

    @property
    def executing(self) -> bool:
        """Same as :attr:`busy` (the statements themselves are running)."""
        return self.busy

    @property
    def text(self) -> str:
        """The SQL of the run, from its first statement to its last (what history keeps)."""
        if not self.spans:
            return ""
        return self.source[self.spans[0].start : self.spans[-1].end]

    def is_current(self, run: QueryRun) -> bool:
        """Whether ``run`` is this state's run (a replaced run's messages are ignored)."""
        return run is self.run

    # --- transitions ----------------------------------------------------------------

    def start(self, run: QueryRun, spans: list[Span], source: str, now: float) -> QueryRun | None:
        """A new run; returns the one it replaces (for the caller to close)."""
        previous = self.run
        self.run, self.spans, self.source = run, spans, source
        self.phase = Phase.RUNNING
        self.started = now
        self.note = ""
        return previous

    def cancel(self) -> bool:
        """Escape: ask the run to stop; whether there was anything to cancel."""
        if self.run is None or not self.busy:
            return False
        self.phase = Phase.CANCELLING
        self.run.cancel()
        return True

    def finished(self, outcome: Outcome) -> None:
        self.phase = Phase.IDLE
        last = outcome.last
        self.note = f"{last.message} · {outcome.elapsed:.3f} s" if last.is_status else ""

    def failed(self, index: int, elapsed: float) -> None:
        self.phase = Phase.IDLE
        where = f"statement {index + 1} of {len(self.spans)} · " if len(self.spans) > 1 else ""
        self.note = f"Failed · {where}{elapsed:.3f} s"

    def cancelled(self, elapsed: float) -> None:
        self.phase = Phase.IDLE
        self.note = f"Cancelled after {elapsed:.2f} s"

    def location_of(
        self, index: int, line: int | None, column: int | None
    ) -> tuple[int, int] | None:
        """Where in :attr:`source` a position inside statement ``index`` is, as (line,
        column), 0-based; ``None`` when the error gave no position."""
        if line is None or column is None or not 0 <= index < len(self.spans):
            return None
        first_line, first_column = location(self.source, self.spans[index].start)
        if line == 0:
            return first_line, first_column + column
        return first_line + line, column

    def status(self, now: float) -> str:
        """The results pane's line while the run goes, or how it ended."""
        if self.busy:
            verb = "Cancelling" if self.phase is Phase.CANCELLING else "Running"
            return f"{verb}… {now - self.started:.1f} s · escape cancels"
        return self.note


def plural(n: int, word: str = "row") -> str:
    """``1 row``, ``1,234 rows``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass
class TabStatus:
    """What a result tab knows about its rows, as its status line says it."""

    rows: int = 0
    """Rows at hand (streaming) or in the result (windowed)."""
    total: int | None = None
    more: bool = False
    """The stream has more rows than are at hand."""
    first_rows: float = 0.0
    """Seconds the statement took to its first rows."""
    counted: float | None = None
    """Seconds the count took, once it is in."""
    work: str = ""
    """What DuckDB is doing for the tab: ``counting``, ``copying``, ``sorting``... ."""
    note: str = ""
    """How the last piece of work ended, when it did not succeed."""
    capped: bool = False
    """The stream was stopped at the rows kept in memory (the result cannot be copied)."""
    statement: str = ""
    """Which statement of the run, when it had several (``statement 2 of 3``)."""

    def text(self) -> str:
        """``10,000,000 rows · first rows 0.105 s · counted in 0.012 s``."""
        head = [self.statement] if self.statement else []
        if self.work:  # first: it is what is happening now, and escape stops it
            head.append(f"{self.work}… escape cancels")
        return " · ".join([*head, self._rows()])

    def _rows(self) -> str:
        if self.total is not None:
            parts = [plural(self.total)]
        elif self.capped:
            parts = [f"first {plural(self.rows)} shown, more not loaded (ctrl+e exports all)"]
        elif self.more:
            parts = [f"≥ {plural(self.rows)} so far"]
        else:
            parts = [plural(self.rows)]
        parts.append(f"first rows {self.first_rows:.3f} s")
        if self.counted is not None:
            parts.append(f"counted in {self.counted:.3f} s")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)


def position(row: int, column: int, status: TabStatus, columns: int) -> str:
    """``row 1,234 of 10,000,000 · col 2/5`` (0-based ``row`` and ``column`` in)."""
    if status.total is not None:
        of = f"{status.total:,}"
    elif status.more and not status.capped:
        of = f"≥ {status.rows:,}"
    else:
        of = f"{status.rows:,}"
    return f"row {row + 1:,} of {of} · col {column + 1}/{columns}"
