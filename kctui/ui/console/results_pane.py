"""The console's results: a status line and position, a tab per result, or a message.

A run gives one tab (:class:`~kctui.ui.console.result_tab.ResultView`) per statement
that returned rows, each with its own count, time, sort and filter, and one line per
statement that did not (``statement 1: CREATE ok · 0.004 s``). ``[`` and ``]`` (or a
click on the strip) switch tabs; the strip shows only when there are two or more. The
status line above says what the run is doing while it runs, and then what the active
tab knows about its rows; colours come from the theme.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Static

from kctui.core.console.outcome import StatementResult
from kctui.core.console.run import QueryRun
from kctui.core.console.source import ResultSource
from kctui.core.db import Database
from kctui.ui.console.grid import ResultsTable
from kctui.ui.console.result_tab import ResultView
from kctui.ui.console.result_view import ResultRows
from kctui.ui.console.tab_strip import TabStrip

TONES = ("-busy", "-error", "-warning")
"""Classes that colour the status and the message (see console.tcss)."""


class ResultsPane(Vertical):
    """Status and position over the result tabs, or a message in their place."""

    BINDINGS = [
        Binding(
            "left_square_bracket", "step(-1)", "Previous result", show=False, id="results_previous"
        ),
        Binding("right_square_bracket", "step(1)", "Next result", show=False, id="results_next"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._run_status: tuple[str, str | None] | None = None
        self._empty = ResultsTable()
        self._generation = 0
        # Kept here as well as in the DOM: the screen cancels their work as it unmounts.
        self._views: list[ResultView] = []
        self._current: ResultView | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-bar"):
            yield Static(id="results-status")
            yield Static(id="results-position")
        yield TabStrip(hint="[ ] switch results", id="result-tabs")
        yield Static(id="results-log")
        yield ContentSwitcher(id="result-views")
        yield Static(id="results-message")

    # --- what is shown -------------------------------------------------------------------

    @property
    def views(self) -> list[ResultView]:
        """The result tabs of the last run, in statement order."""
        return list(self._views)

    @property
    def active(self) -> ResultView | None:
        """The tab shown, if there is one."""
        return self._current

    @property
    def table(self) -> ResultsTable:
        """The active tab's grid (an empty, unmounted one when no tab is shown)."""
        active = self.active
        return active.table if active is not None else self._empty

    def clear(self) -> list[ResultSource]:
        """Drop every tab; returns their sources, for the caller to close off the UI thread."""
        sources: list[ResultSource] = []
        for view in self._views:
            view.cancel()
            sources.extend(view.sources())
        self._views, self._current = [], None
        self.query_one(ContentSwitcher).remove_children()
        self.query_one("#results-log", Static).display = False
        self.query_one(TabStrip).display = False
        return sources

    async def show_run(
        self, db: Database, run: QueryRun, results: list[StatementResult], many: bool
    ) -> list[ResultSource]:
        """A tab per result with rows, a line for each without (``many``: the run had
        several statements). Returns the sources of tabs still there, to be closed."""
        leftover = self.clear()  # nothing, unless two runs ended one on top of the other
        self._generation += 1
        switcher = self.query_one(ContentSwitcher)
        statements = len(run.statements)
        views = [
            ResultView(db, r, run if r.live else None, statements)
            for r in results
            if not r.is_status
        ]
        for i, view in enumerate(views):
            view.id = f"result-{self._generation}-{i}"
            view.display = False  # the switcher shows one (it hides only its first children)
        log = [
            f"statement {r.index + 1}: {r.message} · {r.elapsed:.3f} s"
            for r in results
            if r.is_status
        ]
        log_widget = self.query_one("#results-log", Static)
        log_widget.update(Text("\n".join(log)))
        log_widget.display = bool(log) and many
        if not views:
            return leftover
        self._views = views
        await switcher.mount_all(views)
        self.show_table()
        self.select(views[-1], focus=False)
        return leftover

    def _refresh_strip(self) -> None:
        views = self.views
        strip = self.query_one(TabStrip)
        strip.display = len(views) > 1
        active = self.active
        strip.show([v.label for v in views], views.index(active) if active in views else 0)

    def action_step(self, step: int) -> None:
        """Show the previous or next result tab."""
        views = self.views
        active = self.active
        if len(views) < 2 or active is None:
            return
        self.select(views[(views.index(active) + step) % len(views)])

    def select(self, view: ResultView, *, focus: bool = True) -> None:
        """Show tab ``view``."""
        self._current = view
        self.query_one(ContentSwitcher).current = view.id
        if focus:
            view.table.focus()
        self._refresh_strip()
        self._update_bar()

    @on(TabStrip.Chosen, "#result-tabs")
    def _chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()
        views = self.views
        if 0 <= event.index < len(views):
            self.select(views[event.index])

    @on(ResultRows.Changed)
    def _view_changed(self, event: ResultRows.Changed) -> None:
        event.stop()
        self._refresh_strip()
        if event.view is self.active:
            self._update_bar()

    # --- the status line -----------------------------------------------------------------

    def set_run_status(self, text: str | None, tone: str | None = None) -> None:
        """What the run says (while it runs, or how it ended); ``None``: the tab's."""
        self._run_status = None if text is None else (text, tone)
        self._update_bar()

    def _update_bar(self) -> None:
        status = self.query_one("#results-status", Static)
        label = self.query_one("#results-position", Static)
        active = self.active
        if self._run_status is not None:
            text, tone = self._run_status
        elif active is not None:
            text, tone = active.status_text(), "-busy" if active.status.work else None
        else:
            text, tone = "", None
        status.update(Text(text))
        self._tone(status, tone)
        label.update(Text(active.position_text() if active is not None else ""))

    def _tone(self, widget: Static, tone: str | None) -> None:
        for name in TONES:
            widget.set_class(name == tone, name)

    def show_table(self) -> None:
        self.query_one(ContentSwitcher).display = True
        self.query_one("#results-message").display = False

    def show_message(self, text: str, tone: str | None = None) -> None:
        """A message where the tabs would be (no result, a failure, a cancel)."""
        self._current = None
        self.query_one(ContentSwitcher).display = False
        self.query_one(TabStrip).display = False
        message = self.query_one("#results-message", Static)
        message.update(Text(text))
        self._tone(message, tone)
        message.display = True
        self._update_bar()

    @property
    def status_text(self) -> str:
        """The status line as shown (for tests and screen readers)."""
        return str(self.query_one("#results-status", Static).render())

    @property
    def position_text(self) -> str:
        return str(self.query_one("#results-position", Static).render())

    @property
    def message_text(self) -> str:
        """The message as shown, if one is."""
        message = self.query_one("#results-message", Static)
        return str(message.render()) if message.display else ""
