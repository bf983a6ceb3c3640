"""The coverage grid (``g``), driven with Pilot: counts from the database, the ⚠ of a
known conflict, enter opening the detail, scrolling both ways at 80x24, the palette."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from kctui.core.model import FactKey
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from tests.ui.conftest import until

CONFLICT = FactKey("KC", "market_share", "2017H1", "%")


async def open_grid(pilot: Pilot, app: KctuiApp):  # type: ignore[no-untyped-def]
    from kctui.ui.coverage.screen import CoverageScreen

    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    await pilot.press("g")
    await until(
        pilot, lambda: isinstance(app.screen, CoverageScreen) and app.screen.coverage is not None
    )
    await pilot.pause()
    screen = app.screen
    return screen, screen.query_one("#coverage-grid", KTable)


def cell_of(screen, key: FactKey) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from kctui.ui.coverage.screen import LABEL_COLUMNS

    coverage = screen.coverage
    row = next(
        i for i, r in enumerate(coverage.rows) if (r.metric, r.unit) == (key.metric, key.unit)
    )
    return row, LABEL_COLUMNS + coverage.periods.index(key.period)


async def test_g_shows_counts_marks_and_a_legend(db_path: Path) -> None:
    from kctui.ui.coverage.screen import LABEL_COLUMNS

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, grid = await open_grid(pilot, app)
        coverage = screen.coverage
        assert grid.row_count == len(coverage.rows)
        assert [c.plain for c in grid.columns[LABEL_COLUMNS:]] == list(coverage.periods)
        # Every cell shows its count; a blank where nothing is stated.
        for r, row in enumerate(coverage.rows):
            shown = grid.get_row_at(r)
            assert shown[0].plain.rstrip("…") in row.label
            for c, cell in enumerate(row.cells):
                text = shown[LABEL_COLUMNS + c].plain
                if cell is None:
                    assert text == ""
                else:
                    assert text.rstrip("⚠*") == str(cell.statements)
        row, column = cell_of(screen, CONFLICT)
        assert grid.get_row_at(row)[column].plain == "2⚠"
        head = str(screen.query_one("#coverage-head").render())
        assert "⚠ sources disagree" in head and "* derived only" in head and "blank" in head
        bar = screen.query_one(KeyBar).plain
        assert "Detail" in bar and "Back" in bar


async def test_enter_on_a_cell_opens_its_detail_and_escape_comes_back(db_path: Path) -> None:
    from kctui.ui.detail.screen import DetailScreen

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, grid = await open_grid(pilot, app)
        row, column = cell_of(screen, CONFLICT)
        grid.move_cursor(row, column)
        await pilot.pause()
        status = str(screen.query_one("#coverage-status").render())
        assert "2017H1: 2 statements" in status and "sources disagree" in status
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail)
        assert app.screen.subject == CONFLICT
        assert app.screen.detail.conflict
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_enter_on_a_blank_cell_says_nothing_is_stated(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, grid = await open_grid(pilot, app)
        coverage = screen.coverage
        r, c = next(
            (r, c)
            for r, row in enumerate(coverage.rows)
            for c, cell in enumerate(row.cells)
            if cell is None
        )
        from kctui.ui.coverage.screen import LABEL_COLUMNS

        told: list[str] = []
        screen.notify = lambda message, **kw: told.append(message)  # type: ignore[method-assign]
        grid.move_cursor(r, LABEL_COLUMNS + c)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        row = coverage.rows[r]
        assert told == [f"Nothing is stated for {row.label} ({row.unit}) in {coverage.periods[c]}"]


async def test_the_grid_scrolls_both_ways_at_80x24_and_keeps_its_labels(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, app)
        coverage = screen.coverage
        assert grid.virtual_size.width > grid.size.width
        assert grid.virtual_size.height > grid.size.height
        await pilot.press("end")  # the last row
        for _ in range(len(coverage.periods) + 2):
            await pilot.press("right")
        await pilot.pause()
        assert grid.scroll_x > 0 and grid.scroll_y > 0
        assert grid.cursor_row == len(coverage.rows) - 1
        # The label and unit columns stay in view: the last row's line starts with its label.
        y = grid.cursor_row - round(grid.scroll_y) + 1
        line = "".join(segment.text for segment in grid.render_line(y))
        assert line.strip().startswith(coverage.rows[-1].label[:10])
        header = "".join(segment.text for segment in grid.render_line(0))
        assert header.strip().startswith("Figure") and coverage.periods[-1] in header


async def test_the_palette_opens_the_grid(db_path: Path) -> None:
    from kctui.ui.coverage.screen import CoverageScreen

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
        )
        screen = app.screen
        assert "Coverage" in screen.query_one(KeyBar).plain
        commands = {c.title: c for c in screen.palette_commands()}
        commands["Coverage grid"].callback()
        await until(pilot, lambda: isinstance(app.screen, CoverageScreen))
