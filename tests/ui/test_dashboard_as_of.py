""" "As known on" on the dashboard (``[`` ``]`` ``\\``), driven with Pilot.

What each day should show is asked of the database (an as-of session), so the tests
follow the data.
"""

from __future__ import annotations

from pathlib import Path

from kctui.core.asof import AsOfSession, Calendar
from kctui.core.dashboard import load_dashboard
from kctui.core.db import Database
from kctui.core.model import FactKey
from kctui.ui import create_app
from kctui.ui.asof import EARLIEST
from kctui.ui.dashboard.key_figures import KeyFigureCard
from kctui.ui.dashboard.panel import Panel
from kctui.ui.dashboard.sources import SourcesPanel
from kctui.ui.detail.screen import CardView, DetailScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.title_bar import TitleBar
from tests.ui.conftest import until
from tests.ui.test_dashboard import ready


def calendar(db_path: Path) -> Calendar:
    db = Database(db_path)
    try:
        return Calendar.load(db)
    finally:
        db.close()


async def test_a_step_back_shows_what_was_known_and_says_so(db_path: Path) -> None:
    steps = calendar(db_path).steps
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        today = screen.data
        assert today is not None
        keys = screen.query_one(KeyBar).plain
        assert "Earlier" in keys and "Later" not in keys and "Today" not in keys
        await pilot.press("left_square_bracket")
        step = steps[-2]
        await until(pilot, lambda: screen.sub_title == step.label())
        await until(pilot, lambda: screen.data is not today)
        assert screen.query_one(TitleBar).has_class("-as-of")
        data = screen.data
        assert data is not None
        assert {s.source_id for s in data.sources} < {s.source_id for s in today.sources}
        assert all(s.published <= step.day for s in data.sources)
        # The panels and key figures are rebuilt from that day's data.
        cards = [c.figure for c in screen.query(KeyFigureCard)]
        assert cards[0] is data.key_figures[0]
        sources = screen.query_one(SourcesPanel)
        assert {e.source_id for e in sources.entries} <= {s.source_id for s in data.sources}
        keys = screen.query_one(KeyBar).plain
        assert "Later" in keys and "Today" in keys


async def test_steps_go_to_the_earliest_source_and_back_to_today(db_path: Path) -> None:
    steps = calendar(db_path).steps
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, app)
        today = screen.data
        for _ in range(len(steps) + 1):  # one more than there are: the earliest stays
            await pilot.press("left_square_bracket")
        first = steps[0]
        await until(pilot, lambda: screen.sub_title == first.label())
        await until(
            pilot,
            lambda: (
                screen.data is not None
                and {s.source_id for s in screen.data.sources} == set(first.sources)
            ),
        )
        view = screen.as_of_view()
        assert view is not None and view.state.position == 0
        assert view.state.move(-1) == EARLIEST  # what the key says there
        await pilot.press("right_square_bracket")
        second = steps[1]
        await until(pilot, lambda: screen.sub_title == second.label())
        if second.approximate:
            assert "approximate date" in (screen.sub_title or "")
        await pilot.press("backslash")
        await until(pilot, lambda: screen.data is today)
        assert screen.sub_title is None
        assert not screen.query_one(TitleBar).has_class("-as-of")


async def test_the_step_shows_what_the_loader_gives_for_that_day(db_path: Path) -> None:
    steps = calendar(db_path).steps
    db = Database(db_path)
    session = AsOfSession(db, steps[0].day)
    try:
        expected = load_dashboard(session)
    finally:
        session.close()
        db.close()
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        for _ in range(len(steps) - 1):
            await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.sub_title == steps[0].label())
        await until(
            pilot, lambda: screen.data is not None and screen.data.sources == expected.sources
        )
        data = screen.data
        assert data is not None
        assert data.index.by_id.keys() == expected.index.by_id.keys()
        assert [k.label for k in data.key_figures] == [k.label for k in expected.key_figures]
        assert [r.period for r in data.quarterly.rows] == [
            r.period for r in expected.quarterly.rows
        ]


async def test_the_detail_opened_on_an_earlier_day_lists_what_was_published(
    db_path: Path,
) -> None:
    key = FactKey("KC", "revenue", "FY2024", "CNY")
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        # Today: first reported by one source, restated by a later one.
        app.push_screen(DetailScreen(screen.db, key))
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        await until(pilot, lambda: detail.detail is not None and len(detail.query(CardView)) > 0)
        texts = [c.render_card().plain for c in detail.query(CardView)]
        assert any("first reported" in t for t in texts)
        assert any("restated" in t for t in texts)
        days = [c.source.published for c in detail.detail.cards if c.source]  # type: ignore[union-attr]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        # As known on the day it was first reported: that statement only.
        first = min(days)
        view = screen.as_of_view()
        assert view is not None
        while view.state.day != first:
            await pilot.press("left_square_bracket")
            await pilot.pause()
        step = view.state.step
        assert step is not None
        await until(pilot, lambda: view.shown == step)
        screen.post_message(Panel.DetailRequested(key))
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        then = app.screen
        assert isinstance(then, DetailScreen)
        assert then.as_of == step
        await until(pilot, lambda: then.detail is not None)
        assert then.detail is not None
        assert 0 < len(then.detail.cards) < len(days)
        assert all(c.source is None or c.source.published <= first for c in then.detail.cards)
        assert step.label() in (then.sub_title or "")
