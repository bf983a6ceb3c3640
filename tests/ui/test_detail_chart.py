"""The detail view's chart, driven with Pilot: every statement plotted, the legend, the
height, the value card of a one-period series, and comparisons (``c`` / ``C``).

Assertions read what the chart plotted (:attr:`DetailChart.plotted`, the data handed to
plotext), never pixels; what to expect comes from the database.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from kctui.core.db import Database
from kctui.core.model import FactKey, RoundRef
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.widgets.key_bar import KeyBar
from tests.ui.conftest import until

KC_SHARE = FactKey("KC", "market_share", "2017H1", "%")
ALIBABA_SHARE = FactKey("ALIBABA_CLOUD", "market_share", "2017H1", "%")
KC_REVENUE = FactKey("KC", "revenue", "2022Q1", "CNY")


async def open_detail(pilot: Pilot, app: KctuiApp, subject: object):  # type: ignore[no-untyped-def]
    """The dashboard, then the detail view of ``subject`` with its chart drawn."""
    from kctui.ui.detail.chart import DetailChart
    from kctui.ui.detail.screen import DetailScreen

    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    app.push_screen(DetailScreen(app.db, subject))  # type: ignore[arg-type]
    await until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail)
    chart = app.screen.query_one(DetailChart)
    await until(pilot, lambda: chart.detail is not None and chart.size.height > 0)
    await pilot.pause()
    return app.screen, chart


def plotted_points(chart, role: str, series: int = 0) -> set[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return {
        (period, round(y, 6))
        for p in chart.plotted
        if p.role == role and p.series == series
        for period, y in zip(p.periods, p.ys, strict=True)
    }


def statements(db_path: Path, key: FactKey, kinds: tuple[str, ...]) -> list[dict[str, object]]:
    db = Database(db_path)
    try:
        return db.rows(
            "SELECT fact_id, period, value FROM facts_all WHERE entity = ? AND metric = ? "
            "AND unit = ? AND list_contains(?, period_kind)",
            [key.entity, key.metric, key.unit, list(kinds)],
        )
    finally:
        db.close()


async def test_kc_market_share_plots_every_statement_with_a_legend(db_path: Path) -> None:
    """The 2021Q3 share (2.8%) is on the chart, so the fall from 6.8% is visible; the
    2017H1 figure the other source gives (6.5%) is drawn as disagreeing."""
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, chart = await open_detail(pilot, app, KC_SHARE)
        shown = plotted_points(chart, "shown")
        assert ("2021Q3", 2.8) in shown and ("2017H1", 6.8) in shown and ("2018H1", 4.8) in shown
        assert ("2017H1", 6.5) in plotted_points(chart, "disagrees")
        assert plotted_points(chart, "this") == {("2017H1", 6.8)}
        # Every statement of the series is on the chart, once.
        stated = statements(db_path, KC_SHARE, chart.series[0].key.kinds)
        drawn = [
            (period, y)
            for p in chart.plotted
            if p.role in ("shown", "derived", "other", "disagrees")
            for period, y in zip(p.periods, p.ys, strict=True)
        ]
        assert sorted(drawn) == sorted((r["period"], r["value"]) for r in stated)
        legend = str(chart.legend.render())
        assert "Kingsoft Cloud" in legend
        for marker, words in (("●", "stated"), ("×", "disagrees"), ("◆", "this figure, 2017H1")):
            assert marker in legend and words in legend
        assert "gaps: 1 half-year" in legend


async def test_the_chart_grows_with_the_terminal(db_path: Path) -> None:
    heights = {}
    for size in ((80, 24), (200, 60)):
        app = create_app(db_path)
        async with app.run_test(size=size) as pilot:
            _screen, chart = await open_detail(pilot, app, KC_SHARE)
            heights[size] = chart.plot.size.height
            assert chart.plotted  # drawn at this size too
    assert heights[(80, 24)] < heights[(200, 60)]
    assert heights[(80, 24)] >= 10 and heights[(200, 60)] >= 20


async def test_a_series_of_one_period_is_a_value_card(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, chart = await open_detail(pilot, app, ALIBABA_SHARE)
        assert chart.card.display and not chart.plot.display
        text = str(chart.card.render())
        assert "47.6%" in text and "2017H1" in text and "Alibaba Cloud" in text
        assert "IT Home via fheadline" in text  # its source


async def choose(pilot: Pilot, app: KctuiApp, wanted) -> None:  # type: ignore[no-untyped-def]
    """In the compare list, pick the first option whose candidate satisfies ``wanted``."""
    from kctui.ui.detail.compare import CompareScreen

    await until(pilot, lambda: isinstance(app.screen, CompareScreen))
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    options = screen.query_one(OptionList)
    index = next(
        i
        for i, option in enumerate(options.options)
        if option.id is not None and wanted(screen.candidates[int(option.id)])
    )
    options.highlighted = index
    await pilot.press("enter")


async def test_c_adds_alibaba_clouds_share_and_shift_c_removes_it(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, chart = await open_detail(pilot, app, KC_SHARE)
        bar = screen.query_one(KeyBar)
        assert "Compare" in bar.plain and "Remove" not in bar.plain
        await pilot.press("c")
        from kctui.ui.detail.compare import CompareScreen

        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        offered = app.screen.candidates
        # The same metric for other companies first, Alibaba Cloud (the largest) among them.
        assert offered[0].same_metric and offered[0].key.entity == "ALIBABA_CLOUD"
        assert app.screen.query_one(OptionList).highlighted is not None
        await pilot.press("enter")
        await until(pilot, lambda: len(chart.series) == 2)
        assert app.screen is screen
        assert ("2017H1", 47.6) in plotted_points(chart, "shown", series=1)
        assert ("2021Q3", 2.8) in plotted_points(chart, "shown", series=0)
        legend = str(chart.legend.render())
        assert "Alibaba Cloud · China public cloud IaaS market share" in legend
        await pilot.pause()
        assert "Remove" in bar.plain
        await pilot.press("C")
        await until(pilot, lambda: len(chart.series) == 1)
        assert not plotted_points(chart, "shown", series=1)
        assert "Alibaba Cloud" not in str(chart.legend.render())
        await pilot.pause()
        assert "Remove" not in bar.plain


async def test_comparisons_stack_and_keep_one_currency(db_path: Path) -> None:
    """KC's revenue in yuan: net loss in yuan is offered, nothing in dollars ever is."""
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, chart = await open_detail(pilot, app, KC_REVENUE)
        await pilot.press("c")
        from kctui.ui.detail.compare import CompareScreen

        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        candidates = app.screen.candidates
        assert candidates and {c.key.unit for c in candidates} == {"CNY"}
        await choose(pilot, app, lambda c: c.key.metric == "net_loss")
        await until(pilot, lambda: len(chart.series) == 2)
        net_loss = chart.series[1]
        assert net_loss.key.unit == "CNY" and net_loss.label == "Net loss"
        # A second comparison stacks on the first; the one already shown is not offered.
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert net_loss.key not in {c.key for c in app.screen.candidates}
        await choose(pilot, app, lambda c: True)
        await until(pilot, lambda: len(chart.series) == 3)
        assert {s.key.unit for s in chart.series} == {"CNY"}
        assert {p.series for p in chart.plotted} == {0, 1, 2}
        await pilot.press("C")
        await until(pilot, lambda: len(chart.series) == 2)
        assert chart.series[1] is net_loss  # the last one added went first


async def test_escape_in_the_compare_list_adds_nothing(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, chart = await open_detail(pilot, app, KC_SHARE)
        await pilot.press("c")
        from kctui.ui.detail.compare import CompareScreen

        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert len(chart.series) == 1


async def test_the_rounds_chart_offers_no_comparison(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        db = Database(db_path)
        try:
            first = db.rows("SELECT round_id FROM financing_rounds ORDER BY round_id LIMIT 1")
        finally:
            db.close()
        screen, chart = await open_detail(pilot, app, RoundRef(first[0]["round_id"]))
        assert [p.role for p in chart.plotted] == ["bar"]
        assert "Compare" not in screen.query_one(KeyBar).plain
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen and len(chart.series) == 0


def test_help_lists_the_detail_keys() -> None:
    from kctui.ui.detail.screen import DetailScreen
    from kctui.ui.screens.help import KEYS

    listed = {one for where, keys, _ in KEYS if where == "detail view" for one in keys.split(" / ")}
    for binding in DetailScreen.BINDINGS:
        assert binding.key in listed, binding.key  # type: ignore[union-attr]
