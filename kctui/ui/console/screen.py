"""The SQL console: an analyst's workbench over the curated data (``f2``).

Schema browser on the left; on the right the editor, the error box under it, and the
results. The screen composes and routes: statements run in a thread worker through
:class:`~kctui.core.console.run.QueryRun` (one cursor per run, the last result streamed
a page at a time), the run's phase and timings are a
:class:`~kctui.core.console.state.RunState`, history is
:class:`~kctui.core.console.history.History`, exports are
:func:`~kctui.core.console.export.export`. Every outcome comes back as a message
(:class:`QueryFinished`, :class:`QueryFailed`, :class:`QueryCancelled`,
:class:`RowsFetched`); a message from a run that has since been replaced is ignored.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer

from kctui.core.console import sqltext
from kctui.core.console.completion import Completer, Vocabulary
from kctui.core.console.history import History, HistoryError
from kctui.core.console.run import PAGE, QueryCancelled, QueryRun, StatementError
from kctui.core.console.state import Phase, RunState
from kctui.core.db import Database
from kctui.ui.console import messages
from kctui.ui.console.dialogs import (
    CellScreen,
    HistoryChoice,
    HistoryScreen,
)
from kctui.ui.console.editor import CompletionList, SqlEditor
from kctui.ui.console.error_box import ErrorBox
from kctui.ui.console.exporting import ExportFlow
from kctui.ui.console.grid import ResultsTable
from kctui.ui.console.results_pane import ResultsPane
from kctui.ui.console.schema import SchemaBrowser
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.title_bar import TitleBar

MAX_LOADED_ROWS = 200_000
"""Rows kept in the table at most; past this, the status says so and export has all."""
MAX_LOADED_CELLS = 1_000_000
PLACEHOLDER = (
    "Type SQL here; f5 or ctrl+j runs the statement under the cursor (or the selection),\n"
    "shift+f5 runs them all. kc is the curated data (read-only), memory your scratch space.\n"
    "ctrl+space completes names · ctrl+r history · ctrl+s export · ctrl+p has example queries"
)


class ConsoleScreen(KctuiScreen):
    """Editor, schema browser and results over the curated database."""

    CSS_PATH = "console.tcss"
    AUTO_FOCUS = "SqlEditor"
    BINDINGS = [
        Binding(
            "f5,ctrl+j",
            "run",
            "Run",
            id="console_run",
            tooltip="Run the statement under the cursor, or the selection",
        ),
        Binding("shift+f5", "run_all", "Run all", show=False, id="console_run_all"),
        Binding(
            "escape", "cancel", "Cancel", id="console_cancel", tooltip="Cancel the running query"
        ),
        Binding(
            "ctrl+r",
            "history",
            "History",
            id="console_history",
            tooltip="Browse and re-run past queries",
        ),
        Binding(
            "ctrl+s",
            "export",
            "Export",
            id="console_export",
            tooltip="Write the result to CSV, Parquet or JSON",
        ),
    ]

    # The messages the screen posts and answers (handlers are on_<name>), reachable as
    # ConsoleScreen.QueryFinished and so on.
    QueryStarted: ClassVar[type[messages.QueryStarted]] = messages.QueryStarted
    QueryFinished: ClassVar[type[messages.QueryFinished]] = messages.QueryFinished
    QueryFailed: ClassVar[type[messages.QueryFailed]] = messages.QueryFailed
    QueryCancelled: ClassVar[type[messages.QueryCancelled]] = messages.QueryCancelled
    RowsFetched: ClassVar[type[messages.RowsFetched]] = messages.RowsFetched
    ExportFinished: ClassVar[type[messages.ExportFinished]] = messages.ExportFinished

    # --- state ---------------------------------------------------------------------------

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.state = RunState()
        """The current (or last) run: its phase, statements and timings."""
        self._ticker: Timer | None = None
        self._vocab: Vocabulary | None = None
        self.exporting = ExportFlow(self, db)
        self.history: History | None = None
        self._pending: tuple[str, bool] | None = None

    # --- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="console-body"):
            schema = SchemaBrowser(id="schema-pane")
            schema.border_title = "Schema"
            yield schema
            with Vertical(id="work"):
                editor = SqlEditor(id="editor", placeholder=Content(PLACEHOLDER))
                editor.border_title = "SQL"
                editor.border_subtitle = "f5 runs · ctrl+space completes"
                yield editor
                yield ErrorBox(id="error")
                pane = ResultsPane(id="results-pane")
                pane.border_title = "Results"
                yield pane
        yield CompletionList()
        yield KeyBar()

    @property
    def editor(self) -> SqlEditor:
        return self.query_one(SqlEditor)

    @property
    def pane(self) -> ResultsPane:
        return self.query_one(ResultsPane)

    @property
    def results(self) -> ResultsTable:
        return self.pane.table

    def on_mount(self) -> None:
        self.editor.completion_list = self.query_one(CompletionList)
        self.pane.show_message("No results yet: f5 runs the statement under the cursor.")
        self.history = History()
        if self.history.load_error:
            self.notify(self.history.load_error, title="History", severity="warning", markup=False)
        self._load_catalog(with_vocabulary=True)
        if self._pending is not None:
            sql, run = self._pending
            self._pending = None
            self.call_after_refresh(self.load_query, sql, run)

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after f2 can arrive before focus has landed anywhere: they
        # are text for the editor, not lost keystrokes.
        if self.app.focused is None and event.is_printable and event.character:
            event.stop()
            editor = self.editor
            editor.focus()
            editor.insert(event.character)

    def on_unmount(self) -> None:
        run, self.state.run = self.state.run, None
        if run is not None:
            run.cancel()

    # --- schema and completion ---------------------------------------------------------

    def _load_catalog(self, with_vocabulary: bool = False) -> None:
        self.query_one(SchemaBrowser).load(self.db, with_vocabulary=with_vocabulary)

    @on(SchemaBrowser.Loaded)
    def _catalog_loaded(self, event: SchemaBrowser.Loaded) -> None:
        if event.vocab is not None:
            self._vocab = event.vocab
        self.editor.completer = Completer(event.relations, self._vocab)

    @on(SchemaBrowser.InsertRequested)
    def _insert_name(self, event: SchemaBrowser.InsertRequested) -> None:
        editor = self.editor
        start, end = editor.selection
        editor.replace(event.text, start, end)
        editor.focus()

    def action_refresh_schema(self) -> None:
        """Reload the schema browser (after your own CREATE/DROP)."""
        self._load_catalog()

    # --- running -------------------------------------------------------------------------

    def load_query(self, sql: str, run: bool = False) -> None:
        """Put ``sql`` in the editor (replacing its text) and optionally run all of it."""
        if not self.query(SqlEditor):  # called before the screen is composed: do it then
            self._pending = (sql, run)
            return
        editor = self.editor
        editor.load_text(sql)
        lines = sql.split("\n")
        editor.move_cursor((len(lines) - 1, len(lines[-1])))
        editor.focus()
        if run:
            self.action_run_all()

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
        """Run every statement of the editor in order."""
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
        self._start_ticker()
        self._update_status()
        self.refresh_bindings()
        self.post_message(self.QueryStarted(run))
        self._execute(run, previous)

    @work(thread=True, group="query", exit_on_error=False)
    def _execute(self, run: QueryRun, previous: QueryRun | None) -> None:
        if previous is not None:
            previous.close()  # gives the old stream's memory back before the new one runs
        started = time.perf_counter()
        try:
            outcome = run.execute()
        except QueryCancelled:
            self.post_message(self.QueryCancelled(run, time.perf_counter() - started))
        except StatementError as exc:
            self.post_message(self.QueryFailed(run, exc, time.perf_counter() - started))
        except Exception as exc:  # never let a surprise take the app down
            error = StatementError(
                f"Unexpected error: {exc}",
                detail=f"Unexpected error: {exc}",
                index=len(run.statements) - 1,
                line=None,
                column=None,
            )
            self.post_message(self.QueryFailed(run, error, time.perf_counter() - started))
        else:
            self.post_message(self.QueryFinished(run, outcome))

    def _done(self) -> None:
        if self._ticker is not None:
            self._ticker.pause()
        self.refresh_bindings()
        self._update_status()
        if self.state.run is not None and self.state.run.changes_catalog:
            self._load_catalog()

    def on_query_finished(self, event: messages.QueryFinished) -> None:
        if not self.state.is_current(event.run):
            return
        outcome = event.outcome
        self.state.finished(outcome)
        table = self.results
        if outcome.is_status:
            table.reset()
            self.pane.show_message(self.state.message)
        else:
            table.reset(outcome.columns, outcome.types)
            table.append_rows(outcome.rows)
            self.pane.show_table()
        self._done()
        rows = table.row_count if event.run.exhausted and not outcome.is_status else None
        self._record("ok", rows, outcome.elapsed)

    def on_query_failed(self, event: messages.QueryFailed) -> None:
        if not self.state.is_current(event.run):
            return
        self.state.failed(event.error.index, event.elapsed)
        self.results.reset()
        self.pane.show_message("The query failed: the message is under the editor.", "-error")
        self._show_error(event.error)
        self._done()
        self._record("error", None, event.elapsed)

    def on_query_cancelled(self, event: messages.QueryCancelled) -> None:
        if not self.state.is_current(event.run):
            return
        self.state.cancelled(event.elapsed)
        self.results.reset()
        self.pane.show_message(
            f"Cancelled after {event.elapsed:.2f} s. Nothing was returned.", "-warning"
        )
        self._done()
        self._record("cancelled", None, event.elapsed)

    def _record(self, status: str, rows: int | None, elapsed: float) -> None:
        if self.history is None or not self.state.text:
            return
        try:
            self.history.add(self.state.text, status, rows, elapsed)
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error", timeout=8, markup=False)

    # --- paging --------------------------------------------------------------------------

    @on(ResultsTable.NearEnd)
    def _near_end(self, event: ResultsTable.NearEnd) -> None:
        event.stop()
        run = self.state.run
        if run is None or self._at_cap() or not self.state.fetching():
            return
        self._update_status()
        self._fetch(run)

    def _at_cap(self) -> bool:
        table = self.results
        cols = max(1, len(table.columns))
        return table.row_count >= min(MAX_LOADED_ROWS, MAX_LOADED_CELLS // cols)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch(self, run: QueryRun) -> None:
        try:
            rows = run.fetch(PAGE)
        except QueryCancelled:
            self.post_message(self.RowsFetched(run, [], "cancelled"))
        except Exception as exc:
            self.post_message(self.RowsFetched(run, [], str(exc)))
        else:
            self.post_message(self.RowsFetched(run, rows, None))

    def on_rows_fetched(self, event: messages.RowsFetched) -> None:
        if not self.state.is_current(event.run):
            return
        self.state.fetched(event.error)
        self.results.append_rows(event.rows)
        if event.error and event.error != "cancelled":
            self.notify(event.error, title="Fetching rows failed", severity="error", markup=False)
        self._update_status()

    # --- cancelling ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.state.busy or self.exporting.running
        return True

    def action_cancel(self) -> None:
        """Cancel the running query (or export)."""
        self.exporting.cancel()
        if self.state.cancel():
            self._update_status()

    # --- status --------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self._tick)
        else:
            self._ticker.resume()

    def _tick(self) -> None:
        state = self.state
        if not state.executing:
            return
        if state.phase is Phase.CANCELLING and state.run is not None:
            state.run.cancel()  # repeat: an interrupt between statements can be lost
        self._update_status()

    def _update_status(self) -> None:
        state, table = self.state, self.results
        text = state.status(
            table.row_count,
            has_columns=bool(table.columns),
            at_cap=self._at_cap(),
            now=time.perf_counter(),
        )
        self.pane.set_status(text, "-busy" if state.executing else None)
        self.pane.set_position(more=state.run is not None and not state.run.exhausted)

    @on(ResultsTable.CursorMoved)
    def _position(self, event: ResultsTable.CursorMoved) -> None:
        self.pane.set_position(more=self.state.run is not None and not self.state.run.exhausted)

    def _show_error(self, error: StatementError) -> None:
        location = self.state.location_of(error.index, error.line, error.column)
        self.query_one(ErrorBox).show(error, location, len(self.state.spans))
        if location is not None and self.editor.sql == self.state.source:
            self.editor.move_cursor(location)

    # --- dialogs -------------------------------------------------------------------------

    @on(ResultsTable.CellViewRequested)
    def _view_cell(self, event: ResultsTable.CellViewRequested) -> None:
        self.app.push_screen(CellScreen(event.column, event.type_name, event.value))

    def action_history(self) -> None:
        """Browse past queries; enter loads one into the editor, f5 runs it."""
        entries = self.history.recent() if self.history else []
        note = self.history.load_error if self.history else None

        def chosen(choice: HistoryChoice | None) -> None:
            if choice is not None:
                self.load_query(choice.sql, run=choice.run)

        self.app.push_screen(HistoryScreen(entries, note), chosen)

    def action_export(self) -> None:
        """Write the current result to a file (CSV, Parquet or JSON)."""
        run = self.state.run
        sql = run.last_sql if run is not None else None
        if run is None or sql is None or self.state.executing:
            self.notify(
                "Run a query that returns rows first: export writes its result.",
                severity="warning",
                markup=False,
            )
            return
        self.exporting.ask(sql, "" if not run.exhausted else f" ({self.results.row_count:,})")

    def on_export_finished(self, event: messages.ExportFinished) -> None:
        self.refresh_bindings()
        self.notify(
            event.message,
            title="Export",
            severity="information" if event.ok else "error",
            timeout=8,
            markup=False,
        )

    # --- palette -------------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Console entries for the command palette."""
        yield SystemCommand(
            "Console: run statement", "Run the statement under the cursor (f5)", self.action_run
        )
        yield SystemCommand(
            "Console: run all statements", "Run every statement in the editor", self.action_run_all
        )
        yield SystemCommand(
            "Console: query history", "Browse and re-run past queries (ctrl+r)", self.action_history
        )
        yield SystemCommand(
            "Console: export result", "Write the result to CSV, Parquet or JSON", self.action_export
        )
        yield SystemCommand(
            "Console: refresh schema", "Reload tables and views", self.action_refresh_schema
        )
