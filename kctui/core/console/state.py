"""The console's run state: one small typed object instead of loose flags on the screen.

A run goes ``idle -> running -> idle`` (finished, failed or cancelled), may pass through
``cancelling`` when escape is pressed, and while its result streams it is ``fetching``
whenever a page is on its way. :class:`RunState` holds the run, the statements and
where they came from, and the timings, and says what the status line shows; it has no
Textual in it, so every transition is unit-tested alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kctui.core.console.run import Outcome, QueryRun
from kctui.core.console.sqltext import Span, location


class Phase(enum.Enum):
    """What the console is doing."""

    IDLE = "idle"
    RUNNING = "running"
    CANCELLING = "cancelling"
    FETCHING = "fetching"


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
    first_rows: float = 0.0
    """Seconds from the start to the first page of rows."""
    note: str = ""
    """What the last outcome says besides the row count (``CREATE ok · 0.010 s``...)."""
    message: str = ""
    """A statement without rows: what it did (``CREATE TABLE ok``, ``INSERT ok: 3 rows``)."""
    stopped_loading: bool = False
    """Fetching more rows failed or was cancelled: the rows shown are all there will be."""

    @property
    def busy(self) -> bool:
        """A statement is running or a page is being fetched."""
        return self.phase is not Phase.IDLE

    @property
    def executing(self) -> bool:
        """The statements themselves are running (not just a page being fetched)."""
        return self.phase in (Phase.RUNNING, Phase.CANCELLING)

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
        self.started, self.first_rows = now, 0.0
        self.note, self.stopped_loading = "", False
        return previous

    def cancel(self) -> bool:
        """Escape: ask the run to stop; whether there was anything to cancel."""
        if self.run is None or not self.busy:
            return False
        if self.phase is Phase.RUNNING:
            self.phase = Phase.CANCELLING
        self.run.cancel()
        return True

    def finished(self, outcome: Outcome) -> None:
        self.phase = Phase.IDLE
        self.first_rows = outcome.elapsed
        if outcome.is_status:
            what = outcome.statement_type.replace("_", " ")
            changed = "" if outcome.changed is None else f": {outcome.changed:,} rows"
            self.message = f"{what} ok{changed}"
            self.note = f"{self.message} · {outcome.elapsed:.3f} s"
        else:
            self.message = self.note = ""

    def failed(self, index: int, elapsed: float) -> None:
        self.phase = Phase.IDLE
        where = f"statement {index + 1} of {len(self.spans)} · " if len(self.spans) > 1 else ""
        self.note = f"Failed · {where}{elapsed:.3f} s"

    def cancelled(self, elapsed: float) -> None:
        self.phase = Phase.IDLE
        self.note = f"Cancelled after {elapsed:.2f} s"

    def fetching(self) -> bool:
        """A page is wanted: whether one may be fetched now."""
        run = self.run
        if run is None or self.busy or run.exhausted or run.cancelled or self.stopped_loading:
            return False
        self.phase = Phase.FETCHING
        return True

    def fetched(self, error: str | None = None) -> None:
        """The page arrived (or fetching it failed: ``error``)."""
        self.phase = Phase.IDLE
        if error is not None:
            self.stopped_loading = True
            what = "cancelled" if error == "cancelled" else f"error: {error}"
            self.note = f"stopped loading rows ({what})"

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

    # --- what the status line says --------------------------------------------------

    def status(self, rows: int, *, has_columns: bool, at_cap: bool, now: float) -> str:
        """The status line for ``rows`` rows loaded (the screen adds colour)."""
        if self.executing:
            verb = "Cancelling" if self.phase is Phase.CANCELLING else "Running"
            return f"{verb}… {now - self.started:.1f} s · escape cancels"
        if self.run is None:
            return ""
        parts = [self.note] if self.note else []
        if has_columns:
            elapsed = f"{self.first_rows:.3f} s"
            if self.run.exhausted and not self.stopped_loading:
                parts.insert(0, f"{rows:,} row{'s' if rows != 1 else ''}")
                parts.append(elapsed)
            elif at_cap:
                parts.insert(0, f"first {rows:,} rows shown, more not loaded (ctrl+s exports all)")
            else:
                parts.insert(0, f"≥ {rows:,} rows so far (scroll for more)")
                parts.append(f"first rows {elapsed}")
            if len(self.spans) > 1:
                parts.append(f"{len(self.spans)} statements")
        if self.phase is Phase.FETCHING:
            parts.append("fetching…")
        return " · ".join(parts)
