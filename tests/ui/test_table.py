"""KTable: the dashboard's line-API table draws, moves and reports like a DataTable."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from kctui.ui.widgets.ktable import KTable

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
    CSS = "KTable, DataTable { height: 10; }"

    def __init__(self, rows: list[list[Text]] = ROWS, cursor_type: str = "row") -> None:
        super().__init__()
        self.rows = rows
        self.cursor_type = cursor_type
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield KTable(id="t", cursor_type=self.cursor_type)
        yield DataTable(
            id="d", cursor_type=self.cursor_type, cursor_foreground_priority="renderable"
        )

    def on_mount(self) -> None:
        self.query_one(KTable).replace(COLUMNS, self.rows)
        reference = self.query_one(DataTable)
        for label, width in COLUMNS:
            reference.add_column(label, width=width)
        for row in self.rows:
            reference.add_row(*row)

    def on_ktable_highlighted(self, event: KTable.Highlighted) -> None:
        self.messages.append(("highlighted", event.coordinate))

    def on_ktable_selected(self, event: KTable.Selected) -> None:
        self.messages.append(("selected", event.coordinate))


def plain(line: list[Segment]) -> str:
    return "".join(s.text for s in line)


def lines_of(widget: KTable | DataTable, count: int) -> list[str]:
    return [plain(list(widget.render_line(y))) for y in range(count)]


async def test_cells_are_laid_out_as_a_datatable_lays_them_out() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table, reference = app.query_one(KTable), app.query_one(DataTable)
        width = sum(w + 2 for _, w in COLUMNS)
        ours = [line[:width] for line in lines_of(table, len(ROWS) + 1)]
        theirs = [line[:width] for line in lines_of(reference, len(ROWS) + 1)]
        assert ours == theirs
        # Right-aligned, cropped, an ellipsis only where the Text asks for one, and
        # markup-looking text drawn as it is.
        assert ours[1].split() == ["2022Q1", "¥2.17B", "short"]
        assert ours[1][10:21] == "    ¥2.17B "  # " " + 9 cells, right-aligned, + " "
        assert ours[3].startswith(" a very l ")
        assert ours[4].startswith(" cut wit… ")
        assert "[bold]not ma" in ours[4]


async def test_a_cells_own_colours_win_over_the_cursors() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        table.move_cursor(row=3)
        await pilot.pause()
        line = list(table.render_line(4))
        warning = next(s for s in line if "⚠" in s.text)
        assert warning.style is not None and warning.style.color is not None
        assert warning.style.color.name == "red"
        cursor = table.get_component_rich_style("ktable--cursor")
        assert warning.style.bgcolor == cursor.bgcolor
        # Another row keeps the table's own background.
        other = list(table.render_line(2))
        assert all(s.style is None or s.style.bgcolor != cursor.bgcolor for s in other)


async def test_keys_move_the_cursor_and_enter_selects() -> None:
    app = TableApp(cursor_type="cell")
    async with app.run_test(size=(60, 14)) as pilot:
        table = app.query_one(KTable)
        table.focus()
        await pilot.pause()
        app.messages.clear()
        await pilot.press("down", "j", "right", "right", "right")
        assert table.cursor_coordinate == Coordinate(2, 2)  # clamped at the last column
        await pilot.press("k", "left")
        assert table.cursor_coordinate == Coordinate(1, 1)
        await pilot.press("end")
        assert table.cursor_row == len(ROWS) - 1
        await pilot.press("down")  # already at the end
        assert table.cursor_row == len(ROWS) - 1
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.messages[-1] == ("selected", Coordinate(0, 1))
        assert ("highlighted", Coordinate(1, 0)) in app.messages


async def test_a_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        app.messages.clear()
        await pilot.click(table, offset=(14, 2))  # line 0 is the header
        await pilot.pause()
        assert table.cursor_row == 1
        assert table.has_focus
        assert app.messages == [("highlighted", Coordinate(1, 0))]
        await pilot.click(table, offset=(14, 2))
        await pilot.pause()
        assert app.messages[-1] == ("selected", Coordinate(1, 0))
        await pilot.click(table, offset=(14, 0))  # the header selects nothing
        await pilot.pause()
        assert len(app.messages) == 2


async def test_only_the_rows_in_view_are_drawn_and_the_cursor_stays_in_view() -> None:
    many = [[Text(f"r{i}"), Text(str(i), justify="right"), Text("x")] for i in range(20_000)]
    app = TableApp(rows=many)
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        assert len(table._strips) <= table.size.height
        await pilot.press("tab")
        table.focus()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 19_999
        assert table.scroll_y + table.scrollable_content_region.height - 1 == 20_000
        assert lines_of(table, table.size.height)[-1].startswith(" r19999")
        assert len(table._strips) <= 2 * table.size.height


async def test_a_rebuild_keeps_the_cursor_and_a_shorter_one_clamps_it() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        table.move_cursor(row=3)
        table.replace(COLUMNS, ROWS[::-1])
        assert table.cursor_row == 3
        table.replace(COLUMNS, ROWS[:2])
        assert table.cursor_row == 1
        assert table.get_row_at(1)[0].plain == "2022Q2"
        table.replace(COLUMNS, ROWS, keep_cursor=False)
        assert table.cursor_row == 0


async def test_focus_does_not_redraw_the_rows_but_a_theme_change_does() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(KTable)
        table.blur()
        await pilot.pause()
        drawn = dict(table._strips)
        assert drawn
        table.focus()
        await pilot.pause()
        assert table.has_focus
        # The strips drawn before the focus change are the ones drawn after it.
        assert all(table._strips.get(key) is strip for key, strip in drawn.items())
        before = table.get_component_rich_style("ktable--cursor")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = table.get_component_rich_style("ktable--cursor")
        assert after != before
        line = list(table.render_line(1))
        assert any(s.style is not None and s.style.bgcolor == after.bgcolor for s in line)


class NarrowApp(App[None]):
    """A cell table narrower than its columns, the first of them fixed."""

    CSS = "KTable { width: 30; height: 6; }"

    def compose(self) -> ComposeResult:
        table = KTable(id="t", cursor_type="cell")
        table.fixed_columns = 1
        yield table

    def on_mount(self) -> None:
        columns = [(Text(h), 7) for h in ("Period", "Revenue", "Loss", "Industry", "AI")]
        rows = [
            [Text("2022Q1"), Text("¥2.17B"), Text("¥554M"), Text("¥790M"), Text("¥52M")],
            [Text("2022Q2"), Text("¥1.91B"), Text("¥810M"), Text("¥701M"), Text("¥60M")],
        ]
        self.query_one(KTable).replace(columns, rows)


def test_only_whole_columns_show_and_the_fixed_one_stays() -> None:
    async def run() -> None:
        app = NarrowApp()
        async with app.run_test(size=(40, 10)) as pilot:
            table = app.query_one(KTable)
            table.focus()
            await pilot.pause()
            seen: list[str] = []
            for _ in range(5):
                line = plain(list(table.render_line(1)))
                seen.append(line)
                assert line.startswith(" 2022Q1 ")  # the fixed column, whatever the scroll
                # Every figure shown is whole: a cut ¥790M would read as ¥790.
                for token in line.split():
                    assert token in {"2022Q1", "¥2.17B", "¥554M", "¥790M", "¥52M"}, line
                await pilot.press("right")
            assert table.cursor_column == 4 and table.scroll_x > 0
            assert "¥52M" in seen[-1] and "¥2.17B" not in seen[-1]
            assert "¥2.17B" in seen[0]

    import asyncio

    asyncio.run(run())
