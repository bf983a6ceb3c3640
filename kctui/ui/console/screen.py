"""The SQL console: an analyst's workbench over the curated data (``f2``).

Schema browser on the left; on the right the buffers (a tab per buffer, each its own
editor, saved continuously: :mod:`~kctui.ui.console.buffer_set`), the find bar, the
error box and the results (a tab per result: :mod:`~kctui.ui.console.results_pane`).
The screen composes and routes: statements run in a thread worker through
:class:`~kctui.core.console.run.QueryRun`, the run's phase is a
:class:`~kctui.core.console.state.RunState`, and every outcome comes back as a message
(:class:`QueryFinished`, :class:`QueryFailed`, :class:`QueryCancelled`); a message
from a run that has since been replaced is ignored. Each result tab then streams,
counts, pages, sorts and filters on its own. Files, buffers and the quit question are
:mod:`~kctui.ui.console.files`' (a mixin of this screen); exports are
:class:`~kctui.ui.console.exporting.ExportFlow`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer

from kctui.core.console.buffers import BufferStore
from kctui.core.console.completion import Completer, Vocabulary
from kctui.core.console.history import History
from kctui.core.console.state import RunState
from kctui.core.db import Database
from kctui.ui.console import messages
from kctui.ui.console.buffer_set import BufferSet
from kctui.ui.console.dialogs import CellScreen, HistoryChoice, HistoryScreen
from kctui.ui.console.editor import CompletionList, SqlEditor
from kctui.ui.console.error_box import ErrorBox
from kctui.ui.console.exporting import ExportFlow
from kctui.ui.console.files import BufferActions
from kctui.ui.console.find_bar import FindBar
from kctui.ui.console.grid import ResultsTable
from kctui.ui.console.results_pane import ResultsPane
from kctui.ui.console.running import RunActions
from kctui.ui.console.schema import SchemaBrowser
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.title_bar import TitleBar


class ConsoleScreen(RunActions, BufferActions, KctuiScreen):
    """Buffers, schema browser and results over the curated database."""

    CSS_PATH = "console.tcss"
    AUTO_FOCUS = "SqlEditor"  # the one shown: the others are hidden, so not focusable
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
            "ctrl+e",
            "export",
            "Export",
            id="console_export",
            priority=True,  # the editor's ctrl+e (line end) gives way; end still works
            tooltip="Write the result to CSV, Parquet or JSON",
        ),
        Binding("q", "q_is_not_quit", show=False, id="console_q"),
    ]

    # The messages the screen posts and answers (handlers are on_<name>), reachable as
    # ConsoleScreen.QueryFinished and so on.
    QueryStarted: ClassVar[type[messages.QueryStarted]] = messages.QueryStarted
    QueryFinished: ClassVar[type[messages.QueryFinished]] = messages.QueryFinished
    QueryFailed: ClassVar[type[messages.QueryFailed]] = messages.QueryFailed
    QueryCancelled: ClassVar[type[messages.QueryCancelled]] = messages.QueryCancelled
    RowsFetched: ClassVar[type[messages.RowsFetched]] = messages.RowsFetched
    CountFinished: ClassVar[type[messages.CountFinished]] = messages.CountFinished
    ResultCopied: ClassVar[type[messages.ResultCopied]] = messages.ResultCopied
    ViewFinished: ClassVar[type[messages.ViewFinished]] = messages.ViewFinished
    ExportFinished: ClassVar[type[messages.ExportFinished]] = messages.ExportFinished
    BuffersSaved: ClassVar[type[messages.BuffersSaved]] = messages.BuffersSaved
    FileSaved: ClassVar[type[messages.FileSaved]] = messages.FileSaved

    def __init__(self, db: Database, *, store: BufferStore | None = None) -> None:
        super().__init__(db)
        self.state = RunState()
        """The current (or last) run: its phase, statements and timings."""
        self._ticker: Timer | None = None
        self._vocab: Vocabulary | None = None
        self.exporting = ExportFlow(self, db)
        self.history: History | None = None
        self.store = store or BufferStore()
        self._pending: tuple[str, bool] | None = None
        self.ready = False
        """The buffers are restored (the editor can be used)."""
        # Kept as attributes, not queried: they are used while the screen unmounts.
        self._buffer_set = BufferSet(self.store, id="buffers")
        self._pane = ResultsPane(id="results-pane")
        self._pane.border_title = "Results"

    # --- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="console-body"):
            schema = SchemaBrowser(id="schema-pane")
            schema.border_title = "Schema"
            yield schema
            with Vertical(id="work"):
                yield self._buffer_set
                yield FindBar(id="find")
                yield ErrorBox(id="error")
                yield self._pane
        yield CompletionList()
        yield KeyBar()

    @property
    def buffers(self) -> BufferSet:
        return self._buffer_set

    @property
    def editor(self) -> SqlEditor:
        """The editor of the buffer shown."""
        return self.buffers.editor

    @property
    def pane(self) -> ResultsPane:
        return self._pane

    @property
    def results(self) -> ResultsTable:
        """The grid of the result tab shown."""
        return self.pane.table

    def on_mount(self) -> None:
        folder = getattr(getattr(self.app, "settings", None), "export_dir", None)
        if folder is not None:
            self.exporting.use_folder(folder)
        self.pane.show_message("No results yet: f5 runs the statement under the cursor.")
        self.history = History()
        if self.history.load_error:
            self.notify(self.history.load_error, title="History", severity="warning", markup=False)
        self._load_catalog(with_vocabulary=True)
        self.buffers.set_completion(None, self.query_one(CompletionList))
        if self.buffers.load_note:
            self.notify(self.buffers.load_note, title="Buffers", severity="warning", markup=False)
        self.ready = True
        if self.app.focused is None:
            self.editor.focus()
        self.register_quit_check()
        if self._pending is not None:
            sql, run = self._pending
            self._pending = None
            self.load_query(sql, run)

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after f2 can arrive before focus has landed anywhere: they
        # are text for the editor, not lost keystrokes.
        if self.app.focused is None and event.is_printable and event.character and self.ready:
            event.stop()
            editor = self.editor
            editor.focus()
            editor.insert(event.character)

    def on_unmount(self) -> None:
        run, self.state.run = self.state.run, None
        if run is not None:
            run.cancel()
        for view in self._pane.views:
            view.cancel()
        self.unregister_quit_check()

    def action_q_is_not_quit(self) -> None:
        """``q`` never quits from the console (it is text in the editor)."""
        self.notify(
            "q does not quit here: ctrl+q quits (your buffers are kept).", timeout=4, markup=False
        )

    # --- schema and completion ---------------------------------------------------------

    def _load_catalog(self, with_vocabulary: bool = False) -> None:
        self.query_one(SchemaBrowser).load(self.db, with_vocabulary=with_vocabulary)

    @on(SchemaBrowser.Loaded)
    def _catalog_loaded(self, event: SchemaBrowser.Loaded) -> None:
        if event.vocab is not None:
            self._vocab = event.vocab
        self.buffers.set_completion(
            Completer(event.relations, self._vocab), self.query_one(CompletionList)
        )

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
        """Put ``sql`` in the buffer shown (one undoable edit) and optionally run all of it."""
        if not self.ready:  # called before the buffers are restored: do it then
            self._pending = (sql, run)
            return
        editor = self.editor
        had_text = bool(editor.text.strip()) and editor.text != sql
        editor.set_text(sql)
        editor.focus()
        if had_text:
            self.notify("The text it replaced is one ctrl+z away.", timeout=3, markup=False)
        if run:
            self.action_run_all()

    # --- dialogs -------------------------------------------------------------------------

    @on(ResultsTable.CellViewRequested)
    def _view_cell(self, event: ResultsTable.CellViewRequested) -> None:
        self.app.push_screen(CellScreen(event.column, event.type_name, event.value))

    def action_history(self) -> None:
        """Browse past queries; enter loads one into the buffer, f5 runs it."""
        entries = self.history.recent() if self.history else []
        note = self.history.load_error if self.history else None

        def chosen(choice: HistoryChoice | None) -> None:
            if choice is not None:
                self.load_query(choice.sql, run=choice.run)

        self.app.push_screen(HistoryScreen(entries, note), chosen)

    def action_export(self) -> None:
        """Write the result tab shown to a file (CSV, Parquet or JSON), as it is sorted
        and filtered."""
        active = self.pane.active
        sql = active.export_sql() if active is not None else None
        if active is None or sql is None or self.state.busy:
            self.notify(
                "Run a query that returns rows first: export writes its result.",
                severity="warning",
                markup=False,
            )
            return
        total = active.source.total
        self.exporting.ask(sql, "" if total is None else f" ({total:,})")

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
            "Console: run all statements", "Run every statement in the buffer", self.action_run_all
        )
        yield SystemCommand(
            "Console: query history", "Browse and re-run past queries (ctrl+r)", self.action_history
        )
        yield SystemCommand(
            "Console: export result",
            "Write the result to CSV, Parquet or JSON (ctrl+e)",
            self.action_export,
        )
        yield SystemCommand(
            "Console: refresh schema", "Reload tables and views", self.action_refresh_schema
        )
        yield from self.buffer_commands()
