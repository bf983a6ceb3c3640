"""A result tab's rows: the grid over one statement's result, and the work DuckDB does
for it (sorting and filtering are added by :mod:`kctui.ui.console.result_tab`).

The tab owns its :class:`~kctui.core.console.source.ResultSource` and every worker
that feeds it: the next streamed page as the grid scrolls, the total count (started
once the first rows are drawn, so it never delays them), a copy of the result when a
row beyond the streamed ones is asked for (``ctrl+end``, ``g``) or the stream reaches
the rows kept in memory, the pages of that copy as they come into view, and a sort
(``s``) or filter (``/``, ``=``) run as a wrapped query. The statement in the buffer is
never touched: the wrapping is shown above the grid. Every piece of work answers with
a message naming its source; an answer for a source the tab has since left is
dropped. ``escape`` (the screen's cancel) interrupts all of it.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from kctui.core.console import wrap
from kctui.core.console.outcome import StatementResult
from kctui.core.console.pages import PAGE
from kctui.core.console.run import QueryCancelled, QueryRun
from kctui.core.console.source import ResultSource
from kctui.core.console.state import TabStatus, plural, position
from kctui.core.db import Database
from kctui.core.text import one_line
from kctui.ui.console import messages
from kctui.ui.console.grid import ResultsTable


class ResultRows(Vertical):
    """A result tab's rows: the wrapping (when sorted or filtered), a filter line, the grid.

    :class:`~kctui.ui.console.result_tab.ResultView` adds sorting and filtering.
    """

    DEFAULT_CSS = """
    ResultRows { height: 1fr; }
    ResultRows .result-wrapping { height: 1; color: $text-accent; text-wrap: nowrap;
        text-overflow: ellipsis; display: none; }
    ResultRows .result-wrapping.-shown { display: block; }
    ResultRows ResultsTable { height: 1fr; }
    """

    class Changed(Message):
        """What the tab's status line or label says has changed."""

        def __init__(self, view: ResultRows) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self, db: Database, result: StatementResult, run: QueryRun | None, statements: int = 1
    ) -> None:
        """``run``: the run whose open stream ``result`` is (the last statement's);
        ``statements``: how many the run had."""
        super().__init__()
        self.db = db
        self.result = result
        self.origin = ResultSource(db.cursor, result, run=run)
        """The statement's own rows (kept while the tab lives: sorts wrap its copy)."""
        self.source = self.origin
        """The rows shown: the origin, or a sorted or filtered view of it."""
        self.view = wrap.View()
        self.statements = statements
        self.status = TabStatus(first_rows=result.elapsed)
        self._view_run: QueryRun | None = None
        self._pending_view = self.view
        """The view being run (while ``_view_run`` is)."""
        self._fetching = self._counting = self._copying = False
        self._target: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="result-wrapping")
        yield from self.compose_filter()
        yield ResultsTable()

    def compose_filter(self) -> ComposeResult:
        """The filter line, if the tab has one (see ResultView)."""
        return iter(())

    @property
    def table(self) -> ResultsTable:
        return self.query_one(ResultsTable)

    def on_mount(self) -> None:
        self._show(self.origin)

    # --- what the tab says ----------------------------------------------------------------

    @property
    def label(self) -> str:
        """The tab's label: its statement, rows and view."""
        label = f"statement {self.result.index + 1}"
        if self.status.total is not None:
            label += f" · {plural(self.status.total)}"
        if self.view.sort is not None:
            label += f" {'↓' if self.view.sort[1] else '↑'}{self.view.sort[0]}"
        if self.view.where:
            label += " (filtered)"
        return label

    @property
    def busy(self) -> bool:
        """DuckDB is working for this tab (streaming, counting, copying, sorting...)."""
        return bool(
            self._fetching
            or self._counting
            or self._copying
            or self._view_run is not None
            or self.source.working
        )

    def status_text(self) -> str:
        return self.status.text()

    def position_text(self) -> str:
        table = self.table
        if not table.row_count:
            return ""
        row, col = table.cursor_coordinate
        return position(row, col, self.status, len(table.columns))

    def _changed(self) -> None:
        source = self.source
        status = self.status
        status.rows = source.pages.count
        status.total = source.total
        status.more = source.streaming
        pending = self._pending_view
        works = [
            ("sorting" if pending.sort and pending.where == self.view.where else "filtering")
            if self._view_run is not None
            else "",
            "copying the result to reach any row" if self._copying else "",
            "counting" if self._counting else "",
        ]
        status.work = " · ".join(w for w in works if w)
        self.post_message(self.Changed(self))

    # --- showing a source -------------------------------------------------------------

    def _show(self, source: ResultSource) -> None:
        self.source = source
        self.status = TabStatus(first_rows=source.result.elapsed)
        if self.statements > 1:
            self.status.statement = f"statement {self.result.index + 1} of {self.statements}"
        # Work still running for the source left behind answers for it, and is dropped.
        self._fetching = self._counting = self._copying = False
        self.table.reset(source.columns, source.types, source.pages)
        wrapping = self.query_one(".result-wrapping", Static)
        wrapping.update(Text(one_line(wrap.shown_sql(self.view)) + "  · s sorts · / filters"))
        wrapping.set_class(not self.view.is_plain, "-shown")
        self._changed()
        if source.total is None and source.streaming and source.wrappable:
            self.call_after_refresh(self._start_count, source)

    def _start_count(self, source: ResultSource) -> None:
        if source is self.source and source.total is None and not self._counting:
            self._counting = True
            self._changed()
            self._count(source)

    # --- streaming -----------------------------------------------------------------------

    @on(ResultsTable.NearEnd)
    def _near_end(self, event: ResultsTable.NearEnd) -> None:
        event.stop()
        source = self.source
        if self._fetching or self._copying or not source.streaming:
            return
        if source.pages.full:
            if source.wrappable:
                self._start_copy(None)
            else:
                self.status.capped = True
                self._changed()
            return
        self._fetching = True
        self._changed()
        self._fetch(source)

    @work(thread=True, exit_on_error=False, group="result-fetch")
    def _fetch(self, source: ResultSource) -> None:
        try:
            rows = source.fetch(PAGE)
        except QueryCancelled:
            self.post_message(messages.RowsFetched(source, [], "cancelled"))
        except Exception as exc:
            self.post_message(messages.RowsFetched(source, [], str(exc)))
        else:
            self.post_message(messages.RowsFetched(source, rows, None))

    def on_rows_fetched(self, event: messages.RowsFetched) -> None:
        event.stop()
        if event.source is not self.source:
            return
        self._fetching = False
        if not event.source.pages.windowed:
            event.source.appended(event.rows)
            self.table.measure(event.rows)
        if event.error and event.error != "cancelled":
            self.status.note = "stopped loading rows"
            self.notify(event.error, title="Fetching rows failed", severity="error", markup=False)
        self._changed()

    # --- counting ------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="result-count")
    def _count(self, source: ResultSource) -> None:
        started = time.perf_counter()
        try:
            total: int | None = source.count()
            error = None
        except QueryCancelled:
            total, error = None, "cancelled"
        except Exception as exc:
            total, error = None, str(exc)
        self.post_message(
            messages.CountFinished(source, total, time.perf_counter() - started, error)
        )

    def on_count_finished(self, event: messages.CountFinished) -> None:
        event.stop()
        if event.source is not self.source:
            return
        self._counting = False
        if event.total is not None:
            self.status.counted = event.elapsed
            if not event.source.pages.windowed:
                event.source.pages.total = event.total
        elif event.error:
            self.status.note = f"count {event.error if event.error == 'cancelled' else 'failed'}"
            if event.error != "cancelled":
                self.notify(event.error, title="Counting failed", severity="warning", markup=False)
        self._changed()

    # --- going anywhere: a copy and its pages -----------------------------------------

    @on(ResultsTable.JumpRequested)
    def _jump_requested(self, event: ResultsTable.JumpRequested) -> None:
        event.stop()
        self.jump(event.row)

    def jump(self, row: int) -> None:
        """Put the cursor on row ``row`` of the whole result (``-1``: the last)."""
        source, table = self.source, self.table
        pages = source.pages
        if pages.windowed or not source.streaming:
            last = pages.count - 1
            table.go_to(last if row < 0 else min(row, last))
        elif 0 <= row < pages.count:
            table.go_to(row)
        elif source.wrappable:
            self._start_copy(row)
        else:  # rows that can only be read in order: go as far as there are
            table.go_to(pages.count - 1)
            self._near_end(ResultsTable.NearEnd())

    def _start_copy(self, target: int | None) -> None:
        self._target = target
        if self._copying:
            return
        self._copying = True
        self._changed()
        near = self.table.cursor_row if target is None else target
        self._copy(self.source, target, near)

    @work(thread=True, exit_on_error=False, group="result-copy")
    def _copy(self, source: ResultSource, target: int | None, near: int) -> None:
        try:
            total = source.copy()
            source.release_stream()
            row = total - 1 if near < 0 else min(near, max(0, total - 1))
            page = row // source.pages.page
            rows = source.read_page(page)
        except QueryCancelled:
            self.post_message(messages.ResultCopied(source, target, 0, [], "cancelled"))
        except Exception as exc:
            self.post_message(messages.ResultCopied(source, target, 0, [], str(exc)))
        else:
            self.post_message(messages.ResultCopied(source, target, page, rows, None))

    def on_result_copied(self, event: messages.ResultCopied) -> None:
        event.stop()
        source = event.source
        if source is not self.source:
            return
        self._copying = False
        if event.error is not None:
            self.status.note = f"rows past {source.pages.count:,} not reached ({event.error})"
            if event.error != "cancelled":
                self.notify(event.error, title="Copying the result", severity="error", markup=False)
            self._changed()
            return
        keep = self.table.cursor_coordinate
        source.windowed()
        source.pages.put(event.page, event.rows)
        self._counting = False  # the copy counted the rows
        self.table.measure(event.rows)
        target = self._target if self._target is not None else keep[0]
        self._target = None
        last = source.pages.count - 1
        self.table.move_cursor(row=last if target < 0 else min(target, last), column=keep[1])
        self._changed()

    @on(ResultsTable.RowsWanted)
    def _rows_wanted(self, event: ResultsTable.RowsWanted) -> None:
        event.stop()
        source = self.source
        for page in source.pages.wanted(event.first, event.last):
            self._read(source, page)

    @work(thread=True, exit_on_error=False, group="result-pages")
    def _read(self, source: ResultSource, page: int) -> None:
        try:
            rows = source.read_page(page)
        except QueryCancelled:
            self.post_message(messages.PageRead(source, page, [], "cancelled"))
        except Exception as exc:
            self.post_message(messages.PageRead(source, page, [], str(exc)))
        else:
            self.post_message(messages.PageRead(source, page, rows, None))

    def on_page_read(self, event: messages.PageRead) -> None:
        event.stop()
        if event.source is not self.source:
            return
        if event.error is not None:
            event.source.pages.failed(event.page)
            if event.error != "cancelled":
                self.notify(event.error, title="Reading rows", severity="error", markup=False)
            return
        event.source.pages.put(event.page, event.rows)
        self.table.measure(event.rows)
        self._changed()

    @on(ResultsTable.CursorMoved)
    def _cursor_moved(self, event: ResultsTable.CursorMoved) -> None:
        self.post_message(self.Changed(self))

    # --- stopping ------------------------------------------------------------------------

    def _stop_view_run(self) -> None:
        run, self._view_run = self._view_run, None
        if run is not None:
            run.cancel()

    def cancel(self) -> bool:
        """Interrupt every piece of work of this tab; whether there was any."""
        busy = self.busy
        if self._view_run is not None:
            self._view_run.cancel()  # it answers, cancelled, and the tab says so
        self.source.cancel()
        if self.source.run is not None and self._fetching:
            self.source.run.cancel()
        return busy

    def sources(self) -> list[ResultSource]:
        """Every source the tab holds (for closing when the tab goes)."""
        return [self.origin] if self.source is self.origin else [self.origin, self.source]

    @work(thread=True, exit_on_error=False, group="result-close")
    def _close(self, sources: list[ResultSource]) -> None:
        for source in sources:
            source.close()

    @work(thread=True, exit_on_error=False, group="result-close")
    def _close_run(self, run: QueryRun) -> None:
        run.close()

    def export_sql(self) -> str | None:
        """What an export of this tab writes: the rows shown, sorted and filtered."""
        return self.source.export_sql

    def current(self) -> tuple[str, str, Any] | None:
        return self.table.current_value()
