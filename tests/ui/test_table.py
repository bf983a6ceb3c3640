"""KTable: the dashboard's DataTable draws what a DataTable draws, only cheaper."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from kctui.widgets.table import KTable

ROWS = [
    [Text("2022Q1", style="bold"), Text("¥2.17B", justify="right"), Text("short")],
    [Text("2022Q2"), Text("-12.3%⚠", justify="right"), Text("光大证券研究 and more text")],
    [Text("a very long label that will not fit"), Text("x", justify="center"), Text("")],
    [
        Text("cut with an ellipsis", overflow="ellipsis", no_wrap=True),
        Text.assemble(("~", "dim"), "¥1.5B", ("⚠", "bold red"), justify="right"),
        Text("[bold]not markup[/]"),
    ],
]
COLUMNS = [(Text("Period"), 8), (Text("Value", justify="right"), 9), (Text("Note"), 12)]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KTable(id="t")

    def on_mount(self) -> None:
        self.query_one(KTable).replace(COLUMNS, ROWS)


def visible(lines: list[list[Segment]]) -> list[tuple[str, list[tuple[str, object]]]]:
    """Each line's text, and the colour and weight of every non-blank character."""
    out = []
    for line in lines:
        text = "".join(s.text for s in line)
        styled = [
            (ch, (segment.style.color, segment.style.bgcolor, segment.style.bold))
            if segment.style
            else (ch, None)
            for segment in line
            for ch in segment.text
            if ch != " "
        ]
        out.append((text, styled))
    return out


async def test_cells_render_as_a_datatable_would() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        base = table.rich_style
        for row in range(len(ROWS)):
            for column, (_, width) in enumerate(COLUMNS):
                for cursor in (False, True):
                    render_width = width + 2 * table.cell_padding
                    table._cell_render_cache.clear()
                    fast = table._render_cell(row, column, base, render_width, cursor=cursor)
                    table._cell_render_cache.clear()
                    slow = DataTable._render_cell(table, row, column, base, render_width, cursor)
                    assert visible(fast) == visible(slow), (row, column, cursor)


async def test_a_click_reports_its_cell() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        await pilot.click(table, offset=(14, 2))
        await pilot.pause()
        assert table.cursor_coordinate.row == 1


async def test_focus_does_not_repaint_the_cells() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        table.blur()
        await pilot.pause()
        cached = len(table._cell_render_cache)
        assert cached
        table.focus()
        await pilot.pause()
        assert table.has_focus
        # Nothing was thrown away: the cells drawn before focus are still there.
        assert len(table._cell_render_cache) >= cached
