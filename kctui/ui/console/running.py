"""Running the console's statements: the run key, the worker, the outcome, cancel.

A mixin of :class:`~kctui.ui.console.screen.ConsoleScreen`. The statements run in a
thread worker through :class:`~kctui.core.console.run.QueryRun` (one cursor, in order);
the run's phase is the screen's :class:`~kctui.core.console.state.RunState`; every
outcome comes back as a message (``QueryFinished``, ``QueryFailed``,
``QueryCancelled``) and a message from a run that has since been replaced is ignored.
The outcome becomes the results pane's tabs (each then streams, counts, pages, sorts
and filters on its own); the run goes into the history. Starting a run closes the
previous run's results on a thread of their own, beside the new run.
"""

from __future__ import annotations

import time

from textual import work
from textual.screen import Screen
from textual.timer import Timer

from kctui.core.console import sqltext
from kctui.core.console.history import History, HistoryError
from kctui.core.console.run import QueryCancelled, QueryRun, StatementError
from kctui.core.console.source import ResultSource
from kctui.core.console.state import Phase, RunState
from kctui.core.db import Database
from kctui.ui.console import messages
from kctui.ui.console.editor import SqlEditor
from kctui.ui.console.error_box import ErrorBox
from kctui.ui.console.exporting import ExportFlow
from kctui.ui.console.results_pane import ResultsPane


class RunActions(Screen[None]):
    """Run, cancel and show the outcome, for the console screen."""

    db: Database
    state: RunState
    history: History | None
    exporting: ExportFlow
    _ticker: Timer | None

    @property
    def editor(self) -> SqlEditor:
        raise NotImplementedError

    @property
    def pane(self) -> ResultsPane:
        raise NotImplementedError

    def _load_catalog(self, with_vocabulary: bool = False) -> None:
        raise NotImplementedError

    def action_run(self) -> None:
        """Run the selection, or else the statement under the cursor."""
        editor = self.editor
        source = editor.sql
        start, end = sorted(editor.selection)
        if start != end:
            a, b = editor.offset_at(start), editor.offset_at(end)
            spans = [
                sqltext.Span(s.start + a, s.end + a, s.text) for s in sqltext.split(source[a:b])
            ]
        else:
            span = sqltext.statement_at(source, editor.offset_at(editor.cursor_location))
            spans = [span] if span else []
        self._start(spans, source)

    def action_run_all(self) -> None:
        """Run every statement of the buffer in order."""
        source = self.editor.sql
        self._start(sqltext.split(source), source)

    def _start(self, spans: list[sqltext.Span], source: str) -> None:
        if not spans:
            self.notify(
                "Nothing to run: the editor has no statement here.",
                severity="warning",
                markup=False,
            )
            return
        state = self.state
        if state.run is not None and state.busy:
            state.run.cancel()
        run = QueryRun(self.db.cursor, [s.text for s in spans])
        previous = state.start(run, spans, source, time.perf_counter())
        self.query_one(ErrorBox).hide()
        sources = self.pane.clear()
        self.pane.show_message("Running…")
        self._start_ticker()
        self._update_status()
        self.refresh_bindings()
        self.post_message(messages.QueryStarted(run))
        # The old results' streams, copies and work go on a thread of their own, beside
        # the new run: letting go of a sorted ten-million-row result takes a third of a
        # second, which the new run's first rows should not wait for.
        self._close_sources(sources, previous)
        self._execute(run)

    @work(thread=True, group="query", exit_on_error=False)
    def _execute(self, run: QueryRun) -> None:
        started = time.perf_counter()
        try:
            outcome = run.execute()
        except QueryCancelled:
            self.post_message(messages.QueryCancelled(run, time.perf_counter() - started))
        except StatementError as exc:
            self.post_message(messages.QueryFailed(run, exc, time.perf_counter() - started))
        except Exception as exc:  # never let a surprise take the app down
            error = StatementError(
                f"Unexpected error: {exc}",
                detail=f"Unexpected error: {exc}",
                index=len(run.statements) - 1,
                line=None,
                column=None,
            )
            self.post_message(messages.QueryFailed(run, error, time.perf_counter() - started))
        else:
            self.post_message(messages.QueryFinished(run, outcome))

    @work(thread=True, group="query-close", exit_on_error=False)
    def _close_sources(self, sources: list[ResultSource], run: QueryRun | None = None) -> None:
        for source in sources:
            source.close()
        if run is not None:
            run.close()

    def _done(self) -> None:
        if self._ticker is not None:
            self._ticker.pause()
        self.refresh_bindings()
        self._update_status()
        if self.state.run is not None and self.state.run.changes_catalog:
            self._load_catalog()

    async def _show_results(self, run: QueryRun, message: str, tone: str | None) -> None:
        """The tabs of the statements that returned rows, else ``message``."""
        results = list(run.results)
        leftover = await self.pane.show_run(self.db, run, results, many=len(self.state.spans) > 1)
        if leftover:
            self._close_sources(leftover)
        if not any(not r.is_status for r in results):
            self.pane.show_message(message, tone)

    async def on_query_finished(self, event: messages.QueryFinished) -> None:
        if not self.state.is_current(event.run):
            return
        outcome = event.outcome
        # The tabs first, then the state: whoever waits for the run to be over finds
        # its results in place.
        await self._show_results(event.run, outcome.last.message, None)
        if not self.state.is_current(event.run):
            return  # another run started meanwhile
        self.state.finished(outcome)
        self._done()
        last = outcome.last
        self._record("ok", None if last.is_status else last.total, outcome.elapsed)

    async def on_query_failed(self, event: messages.QueryFailed) -> None:
        if not self.state.is_current(event.run):
            return
        await self._show_results(
            event.run, "The query failed: the message is under the editor.", "-error"
        )
        if not self.state.is_current(event.run):
            return
        self.state.failed(event.error.index, event.elapsed)
        self._show_error(event.error)
        self._done()
        self._record("error", None, event.elapsed)

    async def on_query_cancelled(self, event: messages.QueryCancelled) -> None:
        if not self.state.is_current(event.run):
            return
        await self._show_results(
            event.run, f"Cancelled after {event.elapsed:.2f} s. Nothing was returned.", "-warning"
        )
        if not self.state.is_current(event.run):
            return
        self.state.cancelled(event.elapsed)
        self._done()
        self._record("cancelled", None, event.elapsed)

    def _record(self, status: str, rows: int | None, elapsed: float) -> None:
        if self.history is None or not self.state.text:
            return
        try:
            self.history.add(self.state.text, status, rows, elapsed)
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error", timeout=8, markup=False)

    # --- cancelling ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return (
                self.state.busy
                or self.exporting.running
                or any(view.busy for view in self.pane.views)
            )
        return super().check_action(action, parameters)

    def action_cancel(self) -> None:
        """Cancel the running query, export, or the result tab's count, copy or sort."""
        self.exporting.cancel()
        if self.state.cancel():
            self._update_status()
            return
        active = self.pane.active
        if active is not None:
            active.cancel()

    # --- status --------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self._tick)
        else:
            self._ticker.resume()

    def _tick(self) -> None:
        state = self.state
        if not state.busy:
            return
        if state.run is not None and state.phase is Phase.CANCELLING:
            state.run.cancel()  # repeat: an interrupt between statements can be lost
        self._update_status()

    def _update_status(self) -> None:
        state = self.state
        busy = state.busy
        text = state.status(time.perf_counter())
        has_rows = self.pane.active is not None
        if busy:
            self.pane.set_run_status(text, "-busy")
        elif has_rows and not state.note.startswith("Failed"):
            self.pane.set_run_status(None)
        else:
            self.pane.set_run_status(text or None, None)

    def _show_error(self, error: StatementError) -> None:
        location = self.state.location_of(error.index, error.line, error.column)
        self.query_one(ErrorBox).show(error, location, len(self.state.spans))
        if location is not None and self.editor.sql == self.state.source:
            self.editor.move_cursor(location)
