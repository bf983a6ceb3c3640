"""Snapshots of the dashboard (120x40, 80x24), a detail view with a conflict, help, and
the document view at a quote.

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
