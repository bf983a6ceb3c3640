"""The timeline (``t``), driven with Pilot: its entries, chart, quote, detail and keys.

Expectations come from the ``timeline`` view itself, so the tests follow the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kctui.core.db import Database
from kctui.core.model import ExcerptRef, FactKey, RoundRef
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.detail.screen import DetailScreen
from kctui.ui.timeline.screen import TimelineScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.quote_view import QuoteView
from tests.ui.conftest import until
from tests.ui.test_dashboard import ready


def view_rows(db_path: Path) -> list[dict[str, object]]:
    db = Database(db_path)
    try:
        return db.rows("SELECT * FROM timeline")
    finally:
        db.close()


async def open_timeline(pilot: Pilot, app: KctuiApp) -> TimelineScreen:
    await ready(pilot, app)
    await pilot.press("t")
    await until(
        pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen.timeline is not None
    )
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_t_opens_the_timeline_with_every_entry(db_path: Path, size: tuple[int, int]) -> None:
    rows = view_rows(db_path)
    app = create_app(db_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_timeline(pilot, app)
        timeline = screen.timeline
        assert timeline is not None
        assert [e.ref_id for e in timeline.entries] == [r["ref_id"] for r in rows]
        assert screen.sub_title == "Timeline"
        table = screen.query_one(KTable)
        assert table.row_count == len(rows)
        assert table.region.height > 3
        from textual_plotext import PlotextPlot

        assert screen.query_one(PlotextPlot).region.height >= 8
        # The IPO price (US$17 per ADS) is an entry, a point of the share price line.
        ipo = next(e for e in timeline.entries if e.metric == "ipo_price")
        assert ipo.value == 17 and ipo.unit == "USD"
        assert ipo in [p.entry for p in timeline.price]
        keys = screen.query_one(KeyBar).plain
        assert "Back" in keys and "Earlier" in keys


async def test_the_chart_keeps_one_currency_per_axis(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot, app)
        timeline = screen.timeline
        assert timeline is not None
        charted = [*timeline.price, *timeline.price_range, *timeline.market_value]
        assert charted and all(p.entry.unit == "USD" for p in charted)
        # KC's market value stated in yuan is listed, never converted onto the US$ axis.
        yuan = [e for e in timeline.not_charted if e.unit == "CNY"]
        assert yuan and all(e not in [p.entry for p in charted] for e in yuan)
        head = screen.query_one("#timeline-head").render()
        assert "US$ per ADS" in str(head) and "left" in str(head) and "right" in str(head)


async def test_the_quote_follows_the_cursor_and_enter_opens_the_detail(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot, app)
        timeline = screen.timeline
        assert timeline is not None
        table = screen.query_one(KTable)
        quote = screen.query_one(QuoteView)
        for kind, subject_type in (("price", FactKey), ("round", RoundRef), ("event", ExcerptRef)):
            row = next(i for i, e in enumerate(timeline.entries) if e.kind == kind)
            entry = timeline.entries[row]
            table.move_cursor(row, 0)
            await pilot.pause()
            excerpt = timeline.excerpts[entry.excerpt_id]
            assert quote.text.plain.split("\n")[0] in excerpt.text
            assert entry.excerpt_id in quote.head.plain
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, DetailScreen))
            detail = app.screen
            assert isinstance(detail, DetailScreen) and isinstance(detail.subject, subject_type)
            assert detail.subject == entry.subject
            await until(pilot, lambda shown=detail: shown.detail is not None)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_the_timeline_steps_as_known_on_and_the_dashboard_follows(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(pilot, app)
        everything = len(screen.timeline.entries)  # type: ignore[union-attr]
        calendar = screen.state.calendar
        await pilot.press("left_square_bracket")
        step = calendar.steps[-2]
        await until(pilot, lambda: step.label() in (screen.sub_title or ""))
        await until(
            pilot,
            lambda: screen.timeline is not None and len(screen.timeline.entries) < everything,
        )
        assert all(e.published <= step.day for e in screen.timeline.entries)  # type: ignore[union-attr]
        assert "Today" in screen.query_one(KeyBar).plain
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        await until(pilot, lambda: dashboard.sub_title == step.label())
        await until(
            pilot,
            lambda: (
                dashboard.data is not None
                and all(s.published <= step.day for s in dashboard.data.sources)
            ),
        )
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))
        again = app.screen
        assert isinstance(again, TimelineScreen)
        await until(pilot, lambda: again.timeline is not None)
        assert len(again.timeline.entries) < everything  # type: ignore[union-attr]
        await pilot.press("backslash")
        await until(
            pilot,
            lambda: again.timeline is not None and len(again.timeline.entries) == everything,
        )
        assert again.sub_title == "Timeline"


async def test_the_palette_has_the_timeline(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        titles = [c.title for c in screen.palette_commands()]
        assert "Timeline" in titles and "As known on: earlier" in titles
        command = next(c for c in screen.palette_commands() if c.title == "Timeline")
        command.callback()
        await until(pilot, lambda: isinstance(app.screen, TimelineScreen))


@pytest.mark.parametrize("top", [74.67, 5.3, 0.4, 17.0, 1.0])
@pytest.mark.parametrize("rows", [1, 2, 3, 4, 5, 8, 11, 12, 30, 56])
def test_every_tick_of_the_chart_falls_on_a_row(top: float, rows: int) -> None:
    """A tick between two rows would be drawn beside a value it does not have."""
    from kctui.ui.timeline.chart import row_ticks

    ticks, limit = row_ticks(top, rows)
    intervals = max(1, rows - 1)
    assert limit >= top and ticks[0] == 0 and 2 <= len(ticks) <= 6
    assert ticks == sorted(ticks) and ticks[-1] <= limit + 1e-9
    for tick in ticks:
        row = tick / limit * intervals
        assert abs(row - round(row)) < 1e-6, (tick, limit, rows)
    if intervals >= 3:
        assert len(ticks) >= 4
