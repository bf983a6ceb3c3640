"""Panel 2: KC's results, quarterly or annual, with gaps shown as gaps."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from kctui.core.dashboard import Dashboard
from kctui.core.financials import ResultRow, Results
from kctui.core.model import Selection
from kctui.core.text import truncate
from kctui.ui import fmt
from kctui.ui.dashboard.panel import Panel
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.ktable import KTable


class ResultsPanel(Panel):
    """Revenue, YoY, gross margin and net loss by period; sparklines that never bridge a gap."""

    PANEL_KEY = "2"
    PANEL_TITLE = "Results"
    BINDINGS = [
        Binding(
            "a",
            "toggle_annual",
            "Q/FY",
            id="results_toggle",
            tooltip="Switch the results between quarters and fiscal years",
        ),
    ]

    annual: reactive[bool] = reactive(False, init=False)
    """Show fiscal years (FY2017 onward) instead of quarters."""

    def compose(self) -> ComposeResult:
        yield Static(id="results-caption", classes="panel-caption")
        table = KTable(cursor_type="cell", id="results-table")
        table.fixed_columns = 1  # the period stays in view as the figures scroll
        yield table
        yield Static(id="results-sparklines", classes="panel-sparklines")

    @property
    def results(self) -> Results | None:
        if self.data is None:
            return None
        return self.data.annual if self.annual else self.data.quarterly

    def set_data(self, data: Dashboard) -> None:
        super().set_data(data)
        # Open on the latest period: that is what a reader looks for first.
        self._to_latest()

    def _to_latest(self) -> None:
        results = self.results
        rows = results.rows if results else ()
        last = rows[-1] if rows else None
        # The latest row's first stated figure (a cell that says "not stated" is a poor
        # first sight); the row label when the row states none of the columns.
        column = 1 + next((i for i, f in enumerate(last.cells) if f is not None), -1) if last else 1
        self.table.scroll_to(x=0, animate=False, immediate=True)
        self.table.move_cursor(row=max(0, len(rows) - 1), column=column)
        # Scroll once the table has its size (before the first layout it has none).
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        table = self.table
        table.scroll_to_cursor()
        self.call_after_refresh(self._sync_scrollbar)

    def _sync_scrollbar(self) -> None:
        # A scrollbar that appeared with the rows missed the scroll: tell it, or its thumb
        # sits at the top while the rows shown are the last.
        table = self.table
        if table.show_vertical_scrollbar:
            table.vertical_scrollbar.position = table.scroll_y

    def watch_annual(self) -> None:
        if self.data is not None:
            self.rebuild()
            self._to_latest()
            if self.table.has_focus:
                self.announce()

    def action_toggle_annual(self) -> None:
        """Switch between quarterly and annual results."""
        self.annual = not self.annual

    def rebuild(self) -> None:
        results = self.results
        if results is None:
            return
        palette = Palette.of(self)
        kind = "Annual" if self.annual else "Quarterly"
        other = "quarterly" if self.annual else "annual"
        caption = Text.assemble(
            (kind, palette.heading),
            " ",
            (results.span, palette.dim),
            "  ",
            ("a", palette.accent),
            (f" {other}", palette.dim),
        )
        caption.truncate(self.inner_width, overflow="ellipsis")
        self.query_one("#results-caption", Static).update(caption)

        # Every column with data is in the table (the cursor scrolls to the ones that do
        # not fit); the core put first the ones that give every row a value. Gap rows
        # say "not reported" in full when there is room. Figure cells are built once
        # (there are thousands at scale); only the gap rows' cells differ per try.
        headers = ["Period"] + [c.header for c in results.columns]
        figures = self._figure_rows(results, palette)
        base_widths = [
            cells.width_of([r[i] for r in figures if r is not None], h)
            for i, h in enumerate(headers)
        ]
        room = self.inner_width - cells.SCROLLBAR

        def needed(widths: list[int]) -> int:
            return sum(widths) + cells.CELL_PADDING * len(widths)

        for short, note in (
            (False, "not reported"),
            (True, "not reported"),
            (True, "unreported"),
            (True, "no data"),
            (True, fmt.MISSING),
        ):
            gap_cells = [
                self._gap_cells(row, palette, short, note) if r is None else None
                for row, r in zip(results.rows, figures, strict=True)
            ]
            widths = list(base_widths)
            for gap in filter(None, gap_cells):
                widths[0] = max(widths[0], gap[0].cell_len)
                if len(widths) > 1:
                    widths[1] = max(widths[1], gap[1].cell_len)
            if needed(widths[: 1 + max(2, results.cover)]) <= room:
                break
            # Nothing fits beside the period anyway: a note that widens no column will do.
            if short and len(widths) > 1 and widths[1] <= base_widths[1]:
                break
        blank = [Text("") for _ in headers[2:]]
        body = [
            [*gap[: len(headers)], *blank] if gap is not None else (r or [])
            for r, gap in zip(figures, gap_cells, strict=True)
        ]
        columns = [
            (Text(h, justify="left" if i == 0 else "right"), widths[i])
            for i, h in enumerate(headers)
        ]
        self.table.replace(columns, body)
        self._draw_sparklines(results, palette)
        fits = 1
        while fits < len(widths) and needed(widths[: fits + 1]) <= room:
            fits += 1
        more = len(widths) - fits
        hidden = f" · → {more} more" if more > 0 else ""
        legend = cells.LEGEND
        if any(series.elsewhere for series in results.series):
            legend += f" · {fmt.ELSEWHERE} other currency"
        self.border_subtitle = legend + hidden

    def _figure_rows(self, results: Results, palette: Palette) -> list[list[Text] | None]:
        """Every column's cell of each reported row (``None`` for a gap row)."""
        return [
            None
            if row.is_gap
            else [cells.text(row.period, style=palette.heading)]
            + [
                cells.figure(fig, self.scale, palette, signed=column.signed)
                for column, fig in zip(results.columns, row.cells, strict=True)
            ]
            for row in results.rows
        ]

    @staticmethod
    def _gap_cells(row: ResultRow, palette: Palette, short: bool, note: str) -> tuple[Text, Text]:
        """A gap row's label and note."""
        return (
            cells.text(fmt.period_run(row.period, row.gap_end, short=short), style=palette.dim),
            Text(note, style=palette.dim, justify="right"),
        )

    def _draw_sparklines(self, results: Results, palette: Palette) -> None:
        label_width = max(len(series.label) for series in results.series) + 1
        lines = Text()
        n = max(1, len(results.periods))
        for i, (label, unit, values, elsewhere) in enumerate(results.series):
            present = [v for v in values if v is not None]
            last = present[-1] if present else None
            tail = f" {fmt.value(last, unit, self.scale)}" if last is not None else " none"
            room = self.inner_width - label_width - len(tail) - 1
            repeat = max(1, min(4, room // n))
            # One unit per line: a period stated only in another currency shows "$".
            marks = fmt.sparkline(values)
            if elsewhere:
                gone = {results.periods.index(p) for p in elsewhere if p in results.periods}
                marks = "".join(fmt.ELSEWHERE if i in gone else ch for i, ch in enumerate(marks))
            spark = "".join(ch * repeat for ch in marks)
            if len(spark) > room:
                spark = truncate(spark, max(1, room))
            line = Text.assemble(
                (label.ljust(label_width), palette.dim),
                *[
                    (ch, palette.dim if ch in (fmt.GAP, fmt.ELSEWHERE) else palette.accent)
                    for ch in spark
                ],
                (tail, palette.dim),
            )
            if i:
                lines.append("\n")
            lines.append_text(line)
        self.query_one("#results-sparklines", Static).update(lines)

    def current_selection(self) -> Selection | None:
        results = self.results
        if results is None or not results.rows or self.data is None:
            return None
        coordinate = self.table.cursor_coordinate
        row: ResultRow = results.rows[min(coordinate.row, len(results.rows) - 1)]
        index = self.data.index
        if row.is_gap:
            return Selection(f"{row.label}: not reported by any source", ())
        column = coordinate.column
        if column == 0:
            return index.selection(f"KC · {row.period} · every figure", row.figures)
        fig = row.cells[column - 1] if column - 1 < len(row.cells) else None
        if fig is None:
            header = results.columns[column - 1].header if column - 1 < len(results.columns) else ""
            return Selection(f"{header} · {row.period}: not stated by any source", ())
        return index.selection(f"{fig.label} · {row.period}", [fig])
