"""The SQL console: an analyst's workbench over the curated data (``f2``).

Schema browser on the left; on the right the editor, the error box under it, and the
results. The screen only composes and routes: statements run in a thread worker
through :class:`kctui.core.console.run.QueryRun` (one cursor per run, the last result streamed a
page at a time), history is :class:`kctui.core.console.history.History`, exports are
:func:`kctui.core.console.export.export`. Every outcome comes back as a message; a message from a
run that has since been replaced is ignored.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from kctui.core.console import export, sqltext
from kctui.core.console.completion import Completer, Vocabulary, vocabulary
from kctui.core.console.history import History, HistoryError
from kctui.core.console.run import PAGE, Outcome, QueryCancelled, QueryRun, StatementError
from kctui.core.db import QueryError, Relation
from kctui.ui.console.dialogs import (
    CellScreen,
    ConfirmScreen,
    ExportRequest,
    ExportScreen,
    HistoryChoice,
    HistoryScreen,
)
from kctui.ui.console.editor import CompletionList, SqlEditor
from kctui.ui.console.grid import ResultsTable, literal
from kctui.ui.console.schema import SchemaBrowser
from kctui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from kctui.ui.app import KctuiApp

MAX_LOADED_ROWS = 200_000
"""Rows kept in the table at most; past this, the status says so and export has all."""
MAX_LOADED_CELLS = 1_000_000
PLACEHOLDER = (
    "Type SQL here; f5 or ctrl+j runs the statement under the cursor (or the selection),\n"
    "shift+f5 runs them all. kc is the curated data (read-only), memory your scratch space.\n"
    "ctrl+space completes names · ctrl+r history · ctrl+s export · ctrl+p has example queries"
)


class ConsoleScreen(Screen[None]):
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

    # --- messages from workers ---------------------------------------------------------

    class RunFinished(Message):
        def __init__(self, run: QueryRun, outcome: Outcome) -> None:
            super().__init__()
            self.run, self.outcome = run, outcome

    class RunFailed(Message):
        def __init__(self, run: QueryRun, error: StatementError, elapsed: float) -> None:
            super().__init__()
            self.run, self.error, self.elapsed = run, error, elapsed

    class RunCancelled(Message):
        def __init__(self, run: QueryRun, elapsed: float) -> None:
            super().__init__()
            self.run, self.elapsed = run, elapsed

    class RowsFetched(Message):
        def __init__(self, run: QueryRun, rows: list[tuple[Any, ...]], error: str | None) -> None:
            super().__init__()
            self.run, self.rows, self.error = run, rows, error

    class CatalogLoaded(Message):
        def __init__(self, relations: list[Relation], vocab: Vocabulary | None) -> None:
            super().__init__()
            self.relations, self.vocab = relations, vocab

    class ExportDone(Message):
        def __init__(self, message: str, ok: bool) -> None:
            super().__init__()
            self.message, self.ok = message, ok

    # --- state ---------------------------------------------------------------------------

    def __init__(self) -> None:
        super().__init__()
        self._run: QueryRun | None = None
        self._spans: list[sqltext.Span] = []
        self._source = ""
        self._run_text = ""
        self._busy: str | None = None  # "running", "fetching" or None
        self._cancelling = False
        self._started = 0.0
        self._first_rows_elapsed = 0.0
        self._ticker: Timer | None = None
        self._vocab: Vocabulary | None = None
        self._export_cursor: duckdb.DuckDBPyConnection | None = None
        self._export_path = str(Path.cwd() / "kctui-result.csv")
        self._status_base = ""
        self.history: History | None = None
        self._pending: tuple[str, bool] | None = None

    @property
    def kc_app(self) -> KctuiApp:
        return self.app  # type: ignore[return-value]

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
                yield Static(id="error")
                with Vertical(id="results-pane") as pane:
                    pane.border_title = "Results"
                    with Horizontal(id="results-bar"):
                        yield Static(id="results-status")
                        yield Static(id="results-position")
                    yield ResultsTable(id="results")
                    yield Static(id="results-message")
        yield CompletionList()
        yield Footer()

    @property
    def editor(self) -> SqlEditor:
        return self.query_one(SqlEditor)

    @property
    def results(self) -> ResultsTable:
        return self.query_one(ResultsTable)

    def on_mount(self) -> None:
        self.editor.completion_list = self.query_one(CompletionList)
        self._show_message(
            Text("No results yet: f5 runs the statement under the cursor.", style="dim")
        )
        self._set_status("")
        self.history = History()
        if self.history.load_error:
            self.notify(self.history.load_error, title="History", severity="warning")
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
        run, self._run = self._run, None
        if run is not None:
            run.cancel()

    # --- schema and completion ---------------------------------------------------------

    @work(thread=True, group="catalog", exclusive=True, exit_on_error=False)
    def _load_catalog(self, with_vocabulary: bool = False) -> None:
        db = self.kc_app.db
        try:
            relations = db.catalog()
            vocab = vocabulary(db) if with_vocabulary else None
        except QueryError as exc:
            self.app.call_from_thread(
                self.notify, f"Cannot read the schema: {exc}", severity="error"
            )
            return
        self.post_message(self.CatalogLoaded(relations, vocab))

    def on_console_screen_catalog_loaded(self, event: CatalogLoaded) -> None:
        if event.vocab is not None:
            self._vocab = event.vocab
        reserved = self._vocab.reserved if self._vocab else frozenset()
        self.query_one(SchemaBrowser).show_catalog(event.relations, reserved)
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
            self.notify("Nothing to run: the editor has no statement here.", severity="warning")
            return
        previous = self._run
        if previous is not None and self._busy:
            previous.cancel()
        run = QueryRun(self.kc_app.db.cursor, [s.text for s in spans])
        self._run = run
        self._spans = spans
        self._source = source
        self._run_text = source[spans[0].start : spans[-1].end]
        self._busy = "running"
        self._cancelling = False
        self._started = time.perf_counter()
        self._hide_error()
        self._start_ticker()
        self._tick()
        self.refresh_bindings()
        self._execute(run, previous)

    @work(thread=True, group="query", exit_on_error=False)
    def _execute(self, run: QueryRun, previous: QueryRun | None) -> None:
        if previous is not None:
            previous.close()  # gives the old stream's memory back before the new one runs
        started = time.perf_counter()
        try:
            outcome = run.execute()
        except QueryCancelled:
            self.post_message(self.RunCancelled(run, time.perf_counter() - started))
        except StatementError as exc:
            self.post_message(self.RunFailed(run, exc, time.perf_counter() - started))
        except Exception as exc:  # never let a surprise take the app down
            error = StatementError(
                f"Unexpected error: {exc}",
                detail=f"Unexpected error: {exc}",
                index=len(run.statements) - 1,
                line=None,
                column=None,
            )
            self.post_message(self.RunFailed(run, error, time.perf_counter() - started))
        else:
            self.post_message(self.RunFinished(run, outcome))

    def on_console_screen_run_finished(self, event: RunFinished) -> None:
        if event.run is not self._run:
            return
        self._finish_busy()
        outcome = event.outcome
        self._first_rows_elapsed = outcome.elapsed
        table = self.results
        if outcome.is_status:
            table.reset()
            what = outcome.statement_type.replace("_", " ")
            changed = "" if outcome.changed is None else f": {outcome.changed:,} rows"
            self._show_message(Text(f"{what} ok{changed}", style="bold"))
            self._status_base = f"{what} ok{changed} · {outcome.elapsed:.3f} s"
        else:
            table.reset(outcome.columns, outcome.types)
            table.append_rows(outcome.rows)
            self._show_table()
            self._status_base = ""
        self._update_status()
        if outcome.changes_catalog:
            self._load_catalog()
        rows = table.row_count if event.run.exhausted and not outcome.is_status else None
        self._record("ok", rows, outcome.elapsed)

    def on_console_screen_run_failed(self, event: RunFailed) -> None:
        if event.run is not self._run:
            return
        self._finish_busy()
        error = event.error
        self.results.reset()
        self._show_message(
            Text("The query failed: the message is under the editor.", style="bold red")
        )
        count = len(self._spans)
        where = f"statement {error.index + 1} of {count} · " if count > 1 else ""
        self._status_base = f"Failed · {where}{event.elapsed:.3f} s"
        self._update_status()
        self._show_error(error)
        if event.run.changes_catalog:
            self._load_catalog()
        self._record("error", None, event.elapsed)

    def on_console_screen_run_cancelled(self, event: RunCancelled) -> None:
        if event.run is not self._run:
            return
        self._finish_busy()
        self.results.reset()
        self._show_message(
            Text(
                f"Cancelled after {event.elapsed:.2f} s. Nothing was returned.", style="bold yellow"
            )
        )
        self._status_base = f"Cancelled after {event.elapsed:.2f} s"
        self._update_status()
        if event.run.changes_catalog:
            self._load_catalog()
        self._record("cancelled", None, event.elapsed)

    def _record(self, status: str, rows: int | None, elapsed: float) -> None:
        if self.history is None or not self._run_text:
            return
        try:
            self.history.add(self._run_text, status, rows, elapsed)
        except HistoryError as exc:
            self.notify(str(exc), title="History", severity="error", timeout=8)

    # --- paging --------------------------------------------------------------------------

    @on(ResultsTable.NearEnd)
    def _near_end(self, event: ResultsTable.NearEnd) -> None:
        event.stop()
        run = self._run
        if run is None or self._busy or run.exhausted or run.cancelled:
            return
        if self._at_cap():
            return
        self._busy = "fetching"
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

    def on_console_screen_rows_fetched(self, event: RowsFetched) -> None:
        if event.run is not self._run:
            return
        self._busy = None
        self._cancelling = False
        table = self.results
        table.append_rows(event.rows)
        if event.error:
            what = "cancelled" if event.error == "cancelled" else f"error: {event.error}"
            self._status_base = f"stopped loading rows ({what})"
            if event.error != "cancelled":
                self.notify(event.error, title="Fetching rows failed", severity="error")
        self._update_status()

    # --- cancelling ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return bool(self._busy or self._export_cursor is not None)
        return True

    def action_cancel(self) -> None:
        """Cancel the running query (or export)."""
        if self._export_cursor is not None:
            with contextlib.suppress(duckdb.Error):
                self._export_cursor.interrupt()
        run = self._run
        if run is not None and self._busy:
            self._cancelling = True
            run.cancel()
            self._update_status()

    # --- status and messages -------------------------------------------------------------

    def _start_ticker(self) -> None:
        if self._ticker is None:
            self._ticker = self.set_interval(0.1, self._tick)
        else:
            self._ticker.resume()

    def _tick(self) -> None:
        if self._busy != "running":
            return
        if self._cancelling and self._run is not None:
            self._run.cancel()  # repeat: an interrupt between statements can be lost
        self._update_status()

    def _finish_busy(self) -> None:
        self._busy = None
        self._cancelling = False
        if self._ticker is not None:
            self._ticker.pause()
        self.refresh_bindings()

    def _set_status(self, text: str | Text) -> None:
        self.query_one("#results-status", Static).update(text)

    def _update_status(self) -> None:
        elapsed = time.perf_counter() - self._started
        if self._busy == "running":
            verb = "Cancelling" if self._cancelling else "Running"
            self._set_status(Text(f"{verb}… {elapsed:.1f} s · escape cancels", style="bold yellow"))
            return
        run = self._run
        table = self.results
        if run is None:
            self._set_status("")
            return
        parts: list[str] = []
        if self._status_base:
            parts.append(self._status_base)
        if table.columns:
            n = table.row_count
            elapsed_text = f"{self._first_rows_elapsed:.3f} s"
            if run.exhausted and not self._status_base.startswith("stopped"):
                parts.insert(0, f"{n:,} row{'s' if n != 1 else ''}")
                parts.append(elapsed_text)
            elif self._at_cap():
                parts.insert(0, f"first {n:,} rows shown, more not loaded (ctrl+s exports all)")
            else:
                parts.insert(0, f"≥ {n:,} rows so far (scroll for more)")
                parts.append(f"first rows {elapsed_text}")
            if len(self._spans) > 1:
                parts.append(f"{len(self._spans)} statements")
        if self._busy == "fetching":
            parts.append("fetching…")
        self._set_status(Text(" · ".join(parts)))
        self._update_position()

    def _update_position(self) -> None:
        table = self.results
        label = self.query_one("#results-position", Static)
        if not table.row_count or not table.display:
            label.update("")
            return
        row, col = table.cursor_coordinate
        more = "" if self._run is None or self._run.exhausted else "+"
        label.update(
            f"row {row + 1:,}/{table.row_count:,}{more} col {col + 1}/{len(table.columns)}"
        )

    @on(ResultsTable.CursorMoved)
    def _position(self, event: ResultsTable.CursorMoved) -> None:
        self._update_position()

    def _show_table(self) -> None:
        self.results.display = True
        self.query_one("#results-message").display = False

    def _show_message(self, text: Text) -> None:
        self.results.display = False
        self.query_one("#results-position", Static).update("")
        message = self.query_one("#results-message", Static)
        message.update(text)
        message.display = True

    def _show_error(self, error: StatementError) -> None:
        text = Text()
        location = self._editor_location(error)
        if location is not None:
            text.append(f"line {location[0] + 1}, column {location[1] + 1}", style="bold")
            if len(self._spans) > 1:
                text.append(f" · statement {error.index + 1} of {len(self._spans)}", style="bold")
            text.append("\n")
        elif len(self._spans) > 1:
            text.append(f"statement {error.index + 1} of {len(self._spans)}\n", style="bold")
        text.append(literal("\n".join(ln for ln in error.detail.splitlines() if ln.strip())))
        box = self.query_one("#error", Static)
        box.update(text)
        box.add_class("-visible")
        if location is not None and self.editor.sql == self._source:
            self.editor.move_cursor(location)

    def _hide_error(self) -> None:
        self.query_one("#error", Static).remove_class("-visible")

    def _editor_location(self, error: StatementError) -> tuple[int, int] | None:
        if error.line is None or error.column is None or not 0 <= error.index < len(self._spans):
            return None
        span = self._spans[error.index]
        line, column = sqltext.location(self._source, span.start)
        if error.line == 0:
            return line, column + error.column
        return line + error.line, error.column

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
        run = self._run
        sql = run.last_sql if run is not None else None
        if sql is None or self._busy == "running":
            self.notify(
                "Run a query that returns rows first: export writes its result.", severity="warning"
            )
            return
        fmt = export.format_for(self._export_path) or "csv"
        rows = "" if run is None or not run.exhausted else f" ({self.results.row_count:,})"

        def submitted(request: ExportRequest | None) -> None:
            if request is None:
                return
            try:
                path = export.resolve(request.path)
            except export.ExportError as exc:
                self.notify(str(exc), title="Export", severity="error")
                return
            self._export_path = str(path)
            if path.exists() and not path.is_dir():

                def confirmed(yes: bool | None) -> None:
                    if yes:
                        self._export(sql, path, request.fmt, True)

                self.app.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?"), confirmed)
            else:
                self._export(sql, path, request.fmt, False)

        self.app.push_screen(ExportScreen(self._export_path, fmt, rows), submitted)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, sql: str, path: Path, fmt: str, overwrite: bool) -> None:
        def hold(cursor: duckdb.DuckDBPyConnection) -> None:
            self._export_cursor = cursor

        self.app.call_from_thread(self.refresh_bindings)
        try:
            count = export.export(
                self.kc_app.db.cursor, sql, path, fmt, overwrite=overwrite, on_cursor=hold
            )
        except export.ExportError as exc:
            self.post_message(self.ExportDone(f"Export failed: {exc}", False))
        except Exception as exc:
            self.post_message(self.ExportDone(f"Export failed: {exc}", False))
        else:
            self.post_message(
                self.ExportDone(
                    f"Wrote {count:,} rows to {path} ({fmt.upper() if fmt != 'parquet' else 'Parquet'})",
                    True,
                )
            )
        finally:
            self._export_cursor = None

    def on_console_screen_export_done(self, event: ExportDone) -> None:
        self.refresh_bindings()
        self.notify(
            event.message,
            title="Export",
            severity="information" if event.ok else "error",
            timeout=8,
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
