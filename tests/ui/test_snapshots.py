"""Snapshots of the dashboard (120x40, 80x24), a detail view with a conflict, one with a
comparison, the coverage grid, help, the document view at a quote, the find screen, the
timeline, and the dashboard as known on the earliest source.

The baselines in __snapshots__/ depend on the curated data: when data/*.csv changes,
review the report and regenerate them with
``python -m pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from kctui.core.model import FactKey
from kctui.ui import create_app
from kctui.ui.dashboard.competitors import CompetitorsPanel
from kctui.ui.dashboard.screen import DashboardScreen
from tests.ui.conftest import until

CONFLICT = FactKey("KC", "market_share", "2017H1", "%")


async def wait_for_data(pilot: Pilot) -> None:
    """Let the worker fill the panels before the screenshot."""
    app = pilot.app
    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_dashboard_120x40(snap_compare, db_path: Path) -> None:
    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=wait_for_data)


def test_dashboard_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(create_app(db_path), terminal_size=(80, 24), run_before=wait_for_data)


def test_detail_view_of_a_conflict(snap_compare, db_path: Path) -> None:
    """KC's 2017H1 market share: 6.8% in one excerpt, 6.5% in another, side by side."""

    async def open_conflict(pilot: Pilot) -> None:
        await wait_for_data(pilot)
        await pilot.press("3")
        panel = pilot.app.screen.query_one(CompetitorsPanel)
        row = next(
            i for i, r in enumerate(panel.rows) if r.figure is not None and r.figure.key == CONFLICT
        )
        panel.table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=open_conflict)


def test_detail_view_with_a_comparison(snap_compare, db_path: Path) -> None:
    """KC's market share with Alibaba Cloud's beside it (``c``, then the first offered)."""

    async def compare(pilot: Pilot) -> None:
        from kctui.ui.detail.chart import DetailChart
        from kctui.ui.detail.compare import CompareScreen
        from kctui.ui.detail.screen import DetailScreen

        app = pilot.app
        await wait_for_data(pilot)
        app.push_screen(DetailScreen(app.db, CONFLICT))
        await until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.press("enter")
        await until(pilot, lambda: len(app.screen.query_one(DetailChart).series) == 2)
        app.clear_notifications()  # the toast would time out mid-comparison
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=compare)


def test_coverage_grid_120x40(snap_compare, db_path: Path) -> None:
    """``g``: metric x period for KC, the cursor on the first stated cell."""

    async def open_grid(pilot: Pilot) -> None:
        from kctui.ui.coverage.screen import CoverageScreen

        await wait_for_data(pilot)
        await pilot.press("g")
        app = pilot.app
        await until(
            pilot,
            lambda: isinstance(app.screen, CoverageScreen) and app.screen.coverage is not None,
        )
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=open_grid)


def test_help_screen(snap_compare, db_path: Path) -> None:
    assert snap_compare(
        create_app(db_path),
        terminal_size=(120, 40),
        run_before=wait_for_data,
        press=["question_mark"],
    )


def test_document_view_at_a_quote(snap_compare, db_path: Path) -> None:
    """S001 opened at e001-28 (Xiaomi's 2012 round): the quote lit, its round's words within."""

    async def open_document(pilot: Pilot) -> None:
        from kctui.ui.document.screen import DocumentScreen, open_document
        from kctui.ui.document.view import DocumentView

        await wait_for_data(pilot)
        open_document(pilot.app.screen, "S001", "e001-28")
        app = pilot.app
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, DocumentScreen)
                and app.screen.document is not None
                and app.screen.query_one(DocumentView).row_count > 0
                and app.screen.query_one(DocumentView).scroll_offset.y > 0
            ),
        )
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=open_document)


def test_find_screen_with_results(snap_compare, db_path: Path) -> None:
    """``f``, then "net loss 2021", then ↓: KC's FY2021 net loss first, each line with its
    source, the highlighted one's words as stated below."""

    async def find_net_loss(pilot: Pilot) -> None:
        from kctui.ui.find.screen import FindScreen

        await wait_for_data(pilot)
        await pilot.press("f")
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, FindScreen))
        await pilot.press(*"net loss 2021")
        screen = app.screen
        assert isinstance(screen, FindScreen)
        await until(
            pilot,
            lambda: screen.results is not None and screen.results.query.text == "net loss 2021",
        )
        await app.workers.wait_for_complete()
        # Into the results (the key bar then shows y Cite; no blinking input cursor).
        await pilot.press("down")
        await until(
            pilot, lambda: screen.focused is not None and screen.focused.id == "find-results"
        )
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=find_net_loss)


def test_timeline_120x40(snap_compare, db_path: Path) -> None:
    """``t``: the chart of share price and market value over the entries, the first one's quote."""

    async def open_timeline(pilot: Pilot) -> None:
        from kctui.ui.timeline.screen import TimelineScreen

        await wait_for_data(pilot)
        await pilot.press("t")
        app = pilot.app
        await until(
            pilot,
            lambda: isinstance(app.screen, TimelineScreen) and app.screen.timeline is not None,
        )
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=open_timeline)


def test_dashboard_as_known_on_the_earliest_source(snap_compare, db_path: Path) -> None:
    """``[`` back to the first source's date: only what it published, the title bar says so."""

    async def step_back(pilot: Pilot) -> None:
        await wait_for_data(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("left_square_bracket")
        view = screen.as_of_view()
        assert view is not None
        while view.state.position != 0:  # to the earliest day, one step at a time
            position = view.state.position
            await until(pilot, lambda: view.shown == view.state.step)
            await pilot.press("left_square_bracket")
            await until(pilot, lambda p=position: view.state.position != p)
        await until(pilot, lambda: view.shown == view.state.step)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(create_app(db_path), terminal_size=(120, 40), run_before=step_back)
