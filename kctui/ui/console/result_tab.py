"""A result tab with sorting and filtering: the whole result, in DuckDB.

``s`` (or a click on a column's header) sorts by the cursor's column (ascending,
descending, off), ``/`` opens a filter
line (a ``WHERE`` condition), ``=`` keeps the rows with the value under the cursor,
``g`` goes to a row. A sort or filter is a wrapped query (:mod:`kctui.core.console.wrap`)
over the statement, or over its copy once there is one (then the user's query is not
run again, and the rows are the ones already shown). It runs on a cursor of its own,
``escape`` cancels it, and until it has its first rows the tab keeps showing what it
showed; on success the new rows stream, count and page like any result.
"""

from __future__ import annotations

import time
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from kctui.core.console import wrap
from kctui.core.console.run import QueryCancelled, QueryRun, StatementError
from kctui.core.console.source import ResultSource
from kctui.ui.console import messages
from kctui.ui.console.grid import ResultsTable
from kctui.ui.console.prompts import InputScreen, row_number, row_number_check
from kctui.ui.console.result_view import ResultRows

FILTER_HINT = "filter: a WHERE condition, e.g. revenue > 1e9 · enter applies · empty clears"


class FilterInput(Input):
    """The filter line: escape closes it (and leaves the filter as it was)."""

    BINDINGS = [Binding("escape", "close", "Close", show=False, id="results_filter_close")]

    def action_close(self) -> None:
        """Close the filter line."""
        view = next((a for a in self.ancestors if isinstance(a, ResultView)), None)
        if view is not None:
            view.close_filter()


class ResultView(ResultRows):
    """A result tab: its rows, sorted and filtered in DuckDB on request."""

    DEFAULT_CSS = """
    ResultView FilterInput { display: none; height: 3; }
    ResultView FilterInput.-shown { display: block; }
    """
    BINDINGS = [
        Binding(
            "s",
            "sort",
            "Sort",
            id="results_sort",
            tooltip="Sort the whole result by this column in DuckDB: up, down, off",
        ),
        Binding("slash", "filter", "Filter", id="results_filter", tooltip=FILTER_HINT),
        Binding(
            "equals_sign",
            "filter_value",
            "Only this value",
            show=False,
            id="results_filter_value",
        ),
        Binding("g", "go_to_row", "Go to row", id="results_go_to_row"),
    ]

    def compose_filter(self) -> ComposeResult:
        yield FilterInput(placeholder=FILTER_HINT)

    def _column(self) -> int | None:
        table = self.table
        return table.cursor_column if table.columns else None

    @property
    def wanted(self) -> wrap.View:
        """The view a new sort or filter builds on: the one being run, else the one shown
        (s pressed twice while the first sort runs asks for descending, as it would after)."""
        return self._pending_view if self._view_run is not None else self.view

    def action_sort(self) -> None:
        """Sort the whole result by the cursor's column: ascending, descending, off."""
        column = self._column()
        if column is not None:
            self.apply(self.wanted.sorted_by(self.table.columns[column]))

    @on(ResultsTable.HeaderClicked)
    def _header_clicked(self, event: ResultsTable.HeaderClicked) -> None:
        event.stop()
        self.apply(self.wanted.sorted_by(self.table.columns[event.column]))

    def action_filter(self) -> None:
        """Open the filter line (a WHERE condition over the result's columns)."""
        field = self.query_one(FilterInput)
        field.value = " AND ".join(self.wanted.where)
        field.add_class("-shown")
        field.focus()

    def close_filter(self) -> None:
        field = self.query_one(FilterInput)
        field.remove_class("-shown")
        self.table.focus()

    @on(Input.Submitted, "FilterInput")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_filter()
        expression = event.value.strip()
        self.apply(replace(self.wanted, where=(expression,) if expression else ()))

    def action_filter_value(self) -> None:
        """Keep only the rows whose value in this column is the one under the cursor."""
        current = self.table.current_value()
        if current is None:
            return
        try:
            condition = wrap.value_filter(*current)
        except wrap.NoValueFilter as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.apply(self.wanted.filtered(condition))

    def action_go_to_row(self) -> None:
        """Ask for a row number and go there (any row of the whole result)."""
        total = self.source.total
        hint = f"1 to {total:,}" if total is not None else "1 or more (the total is not known yet)"

        def chosen(answer: str | None) -> None:
            if answer:
                self.jump(row_number(answer))
                self.table.focus()

        self.app.push_screen(
            InputScreen("Go to row", hint=hint, check=row_number_check(total)), chosen
        )

    def apply(self, view: wrap.View) -> None:
        """Show the result with ``view`` (a wrapped query over the statement or its copy)."""
        base = self.origin.base_sql
        if base is None:
            self.notify(
                "Sort and filter work on the result of a SELECT; this statement's rows "
                "can only be shown as they came.",
                severity="warning",
                markup=False,
            )
            return
        self._stop_view_run()
        if view.is_plain:
            self.view = view
            shown, self.source = self.source, self.origin
            if shown is not self.origin:
                self._close([shown])
            self._show(self.origin)
            return
        # The view shown lets its stream and copy go first, in the worker, not once the
        # next one is ready: DuckDB would hold two sorted results at once, and sort both
        # at once on the same cores. Its rows at hand stay on screen meanwhile.
        previous = self.source if self.source is not self.origin else None
        run = QueryRun(self.db.cursor, [wrap.view_sql(base, view, self.origin.columns)])
        self._view_run, self._pending_view = run, view
        self._changed()
        self._run_view(run, view, previous)

    @work(thread=True, exit_on_error=False, group="result-view")
    def _run_view(self, run: QueryRun, view: wrap.View, previous: ResultSource | None) -> None:
        if previous is not None:
            previous.close()
        started = time.perf_counter()
        try:
            outcome = run.execute()
        except QueryCancelled:
            run.close()
            self.post_message(
                messages.ViewFinished(run, view, None, None, time.perf_counter() - started)
            )
        except StatementError as exc:
            run.close()
            self.post_message(
                messages.ViewFinished(run, view, None, exc.summary, time.perf_counter() - started)
            )
        else:
            self.post_message(
                messages.ViewFinished(run, view, outcome, None, time.perf_counter() - started)
            )

    def on_view_finished(self, event: messages.ViewFinished) -> None:
        event.stop()
        if event.run is not self._view_run:
            if event.outcome is not None:
                self._close_run(event.run)
            return
        self._view_run = None
        what = "sort" if event.view.where == self.view.where else "filter"
        if event.outcome is None:
            note = f"{what} cancelled" if event.cancelled else f"{what} failed"
            if event.error:
                self.notify(event.error, title=f"The {what} failed", severity="error", markup=False)
            if self.source is not self.origin:  # the view shown has let go: back to the origin
                self.view = wrap.View()
                self._show(self.origin)
                note += "; the result as it came"
            self.status.note = note
            self._changed()
            return
        sql = event.run.statements[0]
        source = ResultSource(self.db.cursor, event.outcome.last, run=event.run, sql=sql)
        if not event.view.where and source.total is None and self.origin.total is not None:
            source.total = self.origin.total  # sorting keeps every row
            source.pages.total = source.total
        self.view = event.view
        self._show(source)
