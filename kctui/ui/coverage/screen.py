"""The coverage grid (``g`` on the dashboard): KC's record as metric x period.

Each cell counts the statements behind a figure (``2``), marks where sources disagree
(``2⚠``) and where only a derived figure stands (``1*``), and is blank where nothing is
stated, so the gaps of the record show at a glance. Rows are metrics in one unit each
(the label and unit stay in view as the grid scrolls sideways); columns are periods in
time order, quarters and years without holes. The line under the grid says what the
cursor is on; ``enter`` opens its detail view (on a row's label: its latest figure).

The grid is :class:`~kctui.ui.widgets.ktable.KTable` with a cell cursor; the counting is
DuckDB's (:mod:`kctui.core.coverage`), run on a thread.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kctui.core.coverage import Cell, Coverage, load_coverage
from kctui.core.db import Database
from kctui.core.text import one_line
from kctui.ui import fmt
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.title_bar import TitleBar

LABEL_COLUMNS = 2
"""Metric and unit: the columns that stay in view."""

LEGEND = (
    f"n statements · {cells.CONFLICT_MARK} sources disagree · "
    f"{cells.DERIVED_MARK} derived only · blank: nothing stated"
)
"""What the marks of a cell mean (the line under the grid says it in full)."""


def unit_label(unit: str) -> str:
    """``¥``, ``US$``, ``%``: a unit as the grid's unit column shows it."""
    return fmt.CURRENCY_PREFIX.get(unit, unit)


def cell_text(cell: Cell | None, palette: Palette) -> Text:
    """``3``, ``2⚠``, ``1*`` or blank."""
    if cell is None:
        return Text("", justify="center")
    out = Text(str(cell.statements), justify="center", no_wrap=True)
    if cell.conflict:
        out.append(cells.CONFLICT_MARK, palette.warning)
    elif cell.derived_only:
        out.append(cells.DERIVED_MARK, palette.dim)
        out.stylize(palette.dim)
    return out


class CoverageScreen(KctuiScreen):
    """Metric x period for KC: what stands behind each figure, and the gaps."""

    CSS_PATH = "coverage.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="coverage_close", tooltip="Back to the dashboard"),
    ]

    class Loaded(Message):
        """The grid's data arrived from the worker."""

        def __init__(self, coverage: Coverage) -> None:
            self.coverage = coverage
            super().__init__()

    def __init__(self, db: Database, scale: str = "auto") -> None:
        super().__init__(db)
        self.scale = scale
        self.coverage: Coverage | None = None
        self.sub_title = "Coverage of the record"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Counting the statements behind every figure…"), id="coverage-head")
        grid = KTable(cursor_type="cell", id="coverage-grid")
        grid.fixed_columns = LABEL_COLUMNS
        yield grid
        yield Static(Text("escape: back"), id="coverage-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="coverage")
    def load(self) -> None:
        """Count, off the UI thread."""
        self.post_message(self.Loaded(load_coverage(self.db)))

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#coverage-head", Static).update(
                Text(f"Could not count the record: {one_line(str(event.worker.error))}")
            )

    def on_coverage_screen_loaded(self, message: Loaded) -> None:
        self.coverage = coverage = message.coverage
        palette = Palette.of(self)
        head = Text()
        if coverage.periods:
            span = f"{coverage.periods[0]}–{coverage.periods[-1]}"
            head.append(
                f"KC's record: {len(coverage.rows)} figures × "
                f"{len(coverage.periods)} periods ({span}), "
                f"{coverage.statements} statements",
                palette.heading,
            )
        else:
            head.append("Nothing is stated for Kingsoft Cloud.", palette.heading)
        head.append(f"\n{LEGEND}", palette.dim)
        if coverage.left_out:
            head.append(
                f"\nNot in the grid: {coverage.left_out} statements of a day or a month "
                "(prices, market values).",
                palette.dim,
            )
        self.query_one("#coverage-head", Static).update(head)
        self._fill(coverage, palette)

    def _fill(self, coverage: Coverage, palette: Palette) -> None:
        grid = self.query_one("#coverage-grid", KTable)
        width = self.size.width or 120
        label_width = min(max((len(r.label) for r in coverage.rows), default=6), width // 3)
        columns: list[tuple[Text, int | None]] = [
            (Text("Figure"), max(6, label_width)),
            (Text("Unit"), None),
        ]
        for period in coverage.periods:
            year = not period[0].isdigit()  # FY2021, TTM2025Q3
            columns.append((Text(period, style=palette.accent if year else ""), len(period)))
        rows = [
            [
                cells.text(row.label, max(6, label_width)),
                cells.text(unit_label(row.unit), style=palette.dim),
                *(cell_text(cell, palette) for cell in row.cells),
            ]
            for row in coverage.rows
        ]
        grid.replace(columns, rows, keep_cursor=False)
        first = (
            next((i for i, c in enumerate(coverage.rows[0].cells) if c is not None), 0)
            if coverage.rows
            else 0
        )
        grid.move_cursor(0, LABEL_COLUMNS + first)
        grid.focus()
        self._describe(grid.cursor_row, grid.cursor_column)

    # --- the cursor ---------------------------------------------------------------------

    @on(KTable.Highlighted, "#coverage-grid")
    def _moved(self, event: KTable.Highlighted) -> None:
        event.stop()
        self._describe(event.coordinate.row, event.coordinate.column)

    def _describe(self, row: int, column: int) -> None:
        """Say what the cursor is on, under the grid."""
        coverage, palette = self.coverage, Palette.of(self)
        if coverage is None or not coverage.rows:
            return
        r = coverage.rows[row]
        out = Text(one_line(r.label), palette.heading)
        out.append(f" · {fmt.unit_text(r.unit)}")
        if column < LABEL_COLUMNS:
            out.append(f" · stated for {r.stated} of {len(coverage.periods)} periods", palette.dim)
            out.append(" · enter: its latest figure", palette.dim)
        else:
            period = coverage.periods[column - LABEL_COLUMNS]
            cell = r.cells[column - LABEL_COLUMNS]
            out.append(f" · {period}: ")
            if cell is None:
                out.append("nothing stated (a gap in the record)", palette.dim)
            else:
                count = f"{cell.statements} statement{'s' if cell.statements != 1 else ''}"
                out.append(count)
                if cell.derived_only:
                    out.append(", derived only: no source states it", palette.dim)
                elif cell.derived:
                    out.append(f" ({cell.derived} derived)", palette.dim)
                if cell.conflict:
                    out.append(f" {cells.CONFLICT_MARK} sources disagree", palette.warning)
                out.append(" · enter: detail", palette.dim)
        self.query_one("#coverage-status", Static).update(out)

    @on(KTable.Selected, "#coverage-grid")
    def _open(self, event: KTable.Selected) -> None:
        event.stop()
        coverage = self.coverage
        if coverage is None or not coverage.rows:
            return
        row, column = event.coordinate.row, event.coordinate.column - LABEL_COLUMNS
        cells_of_row = coverage.rows[row].cells
        if column < 0:
            # On a label: the row's latest figure.
            column = max((i for i, c in enumerate(cells_of_row) if c is not None), default=-1)
        if column < 0 or cells_of_row[column] is None:
            r = coverage.rows[row]
            period = coverage.periods[column] if column >= 0 else ""
            self.notify(
                f"Nothing is stated for {one_line(r.label)} ({r.unit}) in {period}",
                timeout=2,
                markup=False,
            )
            return
        from kctui.ui.detail.screen import DetailScreen

        self.app.push_screen(DetailScreen(self.db, coverage.key(row, column), self.scale))

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss()
