"""The dashboard, driven with Pilot: every key, the linked selection, data as plain text.

The curated data is still being corrected, so these tests ask the database what to
expect (which excerpt states KC's revenue for 2022Q1, which keys disagree) rather than
hard-coding row counts.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kctui.build import build
from kctui.core.db import Database
from kctui.core.model import ExcerptRef, ExcerptRow, FactKey, RoundRef
from kctui.ui import create_app, fmt
from kctui.ui.app import KctuiApp
from kctui.ui.dashboard.competitors import CompetitorsPanel
from kctui.ui.dashboard.panel import Panel
from kctui.ui.dashboard.results import ResultsPanel
from kctui.ui.dashboard.rounds import RoundsPanel
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.dashboard.sources import SourcesPanel
from kctui.ui.screens.help import KEYS, HelpScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from tests.conftest import ROOT, edit_excerpt
from tests.ui.conftest import until


def db_excerpts(db_path: Path) -> int:
    from kctui.core.db import Database

    db = Database(db_path)
    try:
        return int(db.query("SELECT count(*) FROM excerpts").rows[0][0])
    finally:
        db.close()


async def ready(pilot: Pilot, app: KctuiApp) -> DashboardScreen:
    """Wait until the dashboard is painted with data."""
    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


async def settle(pilot: Pilot, app: KctuiApp) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def panel_with_focus(app: KctuiApp) -> Panel | None:
    node = app.focused
    while node is not None and not isinstance(node, Panel):
        node = node.parent
    return node


def stated(db_path: Path, entity: str, metric: str, period: str) -> list[dict[str, object]]:
    db = Database(db_path)
    try:
        return db.rows(
            "SELECT fact_id, excerpt_id, as_stated, unit FROM facts "
            "WHERE entity = ? AND metric = ? AND period = ? AND qualifier IN ('reported', 'approx')",
            [entity, metric, period],
        )
    finally:
        db.close()


# --- launch and layout ---------------------------------------------------------------


async def test_four_panels_and_key_figures_at_120x40(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        panels = list(screen.query(Panel))
        assert [p.id for p in panels] == ["rounds", "results", "competitors", "sources"]
        assert all(p.display and p.region.width > 40 and p.region.height > 10 for p in panels)
        # Four panels at once: no two overlap.
        for a in panels:
            for b in panels:
                if a is not b:
                    assert not a.region.overlaps(b.region)
        cards = [c.figure for c in screen.query("KeyFigureCard")]
        assert len(cards) == 4 and all(c is not None for c in cards)
        assert all(c.as_of for c in cards if c is not None)
        assert isinstance(panel_with_focus(app), RoundsPanel)


async def test_every_reported_row_shows_a_figure_on_screen_at_120x40(db_path: Path) -> None:
    # What the reader sees, not the cells: each reported row's line as drawn, from the
    # top of the table, holds a figure beside its period (2020Q4 and 2021Q4 have only
    # segment revenue, 2024Q1 only a net loss), and market-share-only 2021Q3 is no row.
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        panel = screen.query_one(ResultsPanel)
        table = panel.table
        rows = panel.results.rows if panel.results else ()
        assert "2021Q3" not in [r.period for r in rows if not r.is_gap]
        for i, row in enumerate(rows):
            if row.is_gap:
                continue
            table.move_cursor(row=i, column=0)
            await pilot.pause()
            line = table.render_line(i - round(table.scroll_y) + 1).text
            assert line.split()[0] == row.period, line
            assert set(line.split()[1:]) - {fmt.MISSING}, f"only dashes: {line!r}"


async def test_rounds_from_xiaomi_through_the_ipo(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        rounds = screen.query_one(RoundsPanel)
        table = rounds.table
        assert table.row_count == len(screen.data.rounds)
        first = [c.plain for c in table.get_row_at(0)]
        last = [c.plain for c in table.get_row_at(table.row_count - 1)]
        assert "Xiaomi" in first[3]
        assert last[1] == "IPO"
        total = str(rounds.query_one("#rounds-total").render())
        assert "before the IPO" in total and "US$" in total


async def test_gaps_are_shown_and_never_filled(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        table = screen.query_one(ResultsPanel).table
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        notes = ("not reported", "unreported", "no data")
        gaps = [r for r in rows if any(n in " ".join(r) for n in notes)]
        assert gaps, "quarters missing between reported ones are marked"
        # No row is only dashes: every reported row shows a figure in the first columns
        # that fit at 120x40, and a gap row says it is a gap.
        fits = table.size.width
        for r in rows:
            line = "".join(r)[:fits]
            assert line.replace("—", "").replace(" ", "").strip() != r[0].strip(), r
        # Every quarter from the first to the last appears, reported or in a gap row.
        results = screen.data.quarterly
        covered = [r.period for r in results.rows]
        assert covered[0] == results.periods[0]
        assert len(results.periods) >= len(rows)
        for label, _unit, values, _elsewhere in results.series:
            spark = screen.query_one("#results-sparklines").render()
            assert label in str(spark)
            assert None in values  # gaps stay None in the series (nothing interpolated)


async def test_quarterly_annual_toggle_with_a(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("2")
        results = screen.query_one(ResultsPanel)
        assert not results.annual
        await pilot.press("a")
        await pilot.pause()
        assert results.annual
        labels = [results.table.get_row_at(i)[0].plain for i in range(results.table.row_count)]
        assert labels[0].startswith("FY2017")
        assert all(label.startswith("FY") for label in labels)
        await pilot.press("a")
        await pilot.pause()
        assert not results.annual


# --- keys ------------------------------------------------------------------------------


async def test_number_keys_focus_the_panels(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        for key, kind in (
            ("2", ResultsPanel),
            ("3", CompetitorsPanel),
            ("4", SourcesPanel),
            ("1", RoundsPanel),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(panel_with_focus(app), kind), key


async def test_tab_and_shift_tab_move_between_panels(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(type(panel_with_focus(app)))
        assert seen == [ResultsPanel, CompetitorsPanel, SourcesPanel, RoundsPanel]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(panel_with_focus(app), SourcesPanel)


async def test_arrows_and_j_k_move_the_cursor(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        table = screen.query_one(RoundsPanel).table
        assert table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("j")
        assert table.cursor_row == 3
        await pilot.press("k", "up")
        assert table.cursor_row == 1
        await pilot.press("2")
        results = screen.query_one(ResultsPanel).table
        column = results.cursor_column
        await pilot.press("right")
        assert results.cursor_column == column + 1
        await pilot.press("left")
        assert results.cursor_column == column


async def test_enter_opens_the_detail_and_escape_closes_it(db_path: Path) -> None:
    from kctui.ui.detail.screen import DetailScreen

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DetailScreen)
        assert isinstance(app.screen.subject, RoundRef)
        assert app.screen.detail is not None and app.screen.detail.cards
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_m_maximises_and_restores_the_focused_panel(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("3")
        await pilot.press("m")
        await pilot.pause()
        assert screen.maximized is screen.query_one(CompetitorsPanel)
        assert screen.maximized.region.width == 120
        await pilot.press("m")
        await pilot.pause()
        assert screen.maximized is None
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.maximized is None


async def test_u_switches_the_money_scale(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        table = screen.query_one(RoundsPanel).table
        seen = []
        for _ in range(4):
            seen.append((screen.scale, table.get_row_at(5)[2].plain))
            await pilot.press("u")
            await pilot.pause()
        assert [s for s, _ in seen] == ["auto", "B", "M", "亿"]
        amounts = [a for _, a in seen]
        assert amounts[0].endswith("M") and amounts[1].endswith("B") and amounts[3].endswith("亿")
        assert screen.scale == "auto"
        # The figures over the quotes follow too (the excerpt list has no amounts to
        # redo, and keeps its rows).
        sources = screen.query_one(SourcesPanel)
        await pilot.press("4")
        await pilot.pause()
        row, fig = next(
            (i, f)
            for i, entry in enumerate(sources.entries)
            if isinstance(entry, ExcerptRow)
            for f in screen.data.excerpt_selection(entry).figures
            if f.key.unit == "CNY"
        )
        sources.table.move_cursor(row=row)
        await pilot.pause()
        listed = sources.table.get_row_at(3)
        for _ in range(4):
            await pilot.press("u")
            await pilot.pause()
            assert fmt.value(fig.value, fig.key.unit, screen.scale) in sources.provenance_text
        assert sources.table.get_row_at(3) == listed


async def test_slash_filters_the_sources_and_escape_clears(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        sources = screen.query_one(SourcesPanel)
        everything = sources.table.row_count
        await pilot.press("4", "slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"prozent")
        await pilot.pause()
        shown = sources.table.row_count
        assert 0 < shown < everything
        texts = [sources.table.get_row_at(i)[1].plain for i in range(shown)]
        assert any("Prozent" in t for t in texts)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is sources.table
        assert sources.table.row_count == shown
        await pilot.press("escape")
        await pilot.pause()
        assert sources.table.row_count == everything
        assert not sources.filter_text


async def test_a_limited_sources_list_says_so_and_the_filter_searches_all(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kctui.core import queries

    monkeypatch.setattr(queries, "EXCERPTS_LIMIT", 20)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        sources = screen.query_one(SourcesPanel)
        data = sources.data
        assert data is not None and data.excerpts_limited
        assert len(data.listed_excerpts) == 20
        listed = {e.excerpt_id for e in sources.entries if isinstance(e, ExcerptRow)}
        assert len(listed) == 20
        total = db_excerpts(db_path)
        assert f"showing 20 of {total} excerpts" in str(sources.border_subtitle)
        await pilot.press("4", "slash", *"prozent")
        await pilot.pause()
        found = [e for e in sources.entries if isinstance(e, ExcerptRow)]
        assert found and all("prozent" in f"{e.topic} {e.text}".casefold() for e in found)
        assert {e.excerpt_id for e in found} - listed  # found beyond the listed ones


async def test_typing_in_the_filter_is_not_taken_for_keys(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("4", "slash", "1", "q", "u", "m")
        await pilot.pause()
        assert app.is_running
        assert screen.query_one(SourcesPanel).filter_text == "1qum"
        assert screen.scale == "auto" and screen.maximized is None


async def test_question_mark_opens_help(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_q_and_ctrl_q_quit(db_path: Path, key: str) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running


async def test_palette_has_the_dashboard_commands(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        titles = [c.title for c in app.get_system_commands(screen)]
        for wanted in (
            "Focus rounds panel",
            "Focus results panel",
            "Focus competitors panel",
            "Focus sources panel",
            "Results: annual",
            "Switch money scale",
            "Maximise or restore panel",
        ):
            assert wanted in titles
        commands = {c.title: c for c in screen.palette_commands()}
        commands["Focus sources panel"].callback()
        await pilot.pause()
        assert isinstance(panel_with_focus(app), SourcesPanel)
        commands["Switch money scale"].callback()
        await pilot.pause()
        assert screen.scale == "B"
        commands["Results: annual"].callback()
        await pilot.pause()
        assert screen.query_one(ResultsPanel).annual
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"maximise")
        await pilot.pause(0.3)
        await pilot.press("escape")


async def test_footer_shows_the_keys_of_the_focused_panel(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)

        def shown() -> set[str]:
            return {
                b.key for _, b, enabled, _ in screen.active_bindings.values() if b.show and enabled
            }

        bar = screen.query_one(KeyBar)
        await pilot.press("2")
        await pilot.pause()
        assert {"a", "u", "m", "enter"} <= shown()
        assert "Q/FY" in bar.plain and "Filter" not in bar.plain
        await pilot.press("4")
        await pilot.pause()
        assert "slash" in shown() and "a" not in shown()
        assert "Filter" in bar.plain and "Q/FY" not in bar.plain
        assert "? Help" in bar.plain and "^p" in bar.plain  # kept when others are left out


async def test_the_key_bar_keeps_help_when_the_keys_do_not_fit(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, app)
        bar = screen.query_one(KeyBar)
        for panel in ("1", "2", "3", "4"):
            await pilot.press(panel)
            await pilot.pause()
            plain = bar.plain
            assert len(plain) <= 80 and "…" not in plain, plain
            assert "? Help" in plain, plain  # where every left-out key is listed


async def test_a_click_on_a_key_in_the_footer_runs_it(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        bar = screen.query_one(KeyBar)
        x = bar.plain.index("Scale")
        await pilot.click(bar, offset=(x, 0))
        await pilot.pause()
        assert screen.scale == "B"


def test_help_lists_every_dashboard_key() -> None:
    listed = " ".join(key for _, key, _ in KEYS)
    for key in ("1 2 3 4", "tab", "enter", "u", "m", "a", "/", "escape", "j k", "?", "ctrl+p"):
        assert key in listed
    bound = {b.key for b in DashboardScreen.BINDINGS}  # type: ignore[union-attr]
    bound |= {b.key for b in ResultsPanel.BINDINGS} | {b.key for b in SourcesPanel.BINDINGS}
    names = {"slash": "/", "shift+tab": "tab", "escape": "escape"}
    names |= {"left_square_bracket": "[", "right_square_bracket": "]", "backslash": "\\"}
    for key in bound:
        assert names.get(key, key) in listed, key


async def test_mouse_click_moves_the_cursor_and_links_the_sources(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        rounds = screen.query_one(RoundsPanel)
        table = rounds.table
        region = table.region
        # The header is the first line; click the third round.
        await pilot.click(table, offset=(3, 3))
        await pilot.pause()
        assert table.cursor_row == 2
        assert region.width > 0
        row = screen.data.rounds[2]
        assert screen.query_one(SourcesPanel).selection.quotes[0].excerpt_id == row.excerpt_id


async def test_a_click_on_a_key_figure_shows_its_quotes(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.click("#key-figure-2")
        await pilot.pause()
        sources = screen.query_one(SourcesPanel)
        assert sources.selection is screen.data.key_figures[2].selection


# --- linked provenance -----------------------------------------------------------------


async def test_cursor_on_a_result_shows_the_excerpt_behind_it(db_path: Path) -> None:
    [fact] = [r for r in stated(db_path, "KC", "revenue", "2022Q1") if r["unit"] == "CNY"]
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("2")
        results = screen.query_one(ResultsPanel)
        row = next(i for i, r in enumerate(screen.data.quarterly.rows) if r.period == "2022Q1")
        results.table.move_cursor(row=row, column=1)
        await pilot.pause()
        sources = screen.query_one(SourcesPanel)
        assert sources.selection is not None
        assert [q.excerpt_id for q in sources.selection.quotes] == [fact["excerpt_id"]]
        assert fact["as_stated"] in sources.provenance_highlights
        assert fact["as_stated"] in sources.provenance_text
        # The list below puts its cursor on that excerpt.
        entry = sources.entries[sources.table.cursor_row]
        assert getattr(entry, "excerpt_id", None) == fact["excerpt_id"]
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.subject == FactKey("KC", "revenue", "2022Q1", "CNY")


async def test_cursor_on_a_round_and_a_competitor_links_too(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        sources = screen.query_one(SourcesPanel)
        await pilot.press("down")
        await pilot.pause()
        second = screen.data.rounds[1]
        assert sources.selection.quotes[0].excerpt_id == second.excerpt_id
        if second.as_stated:
            assert second.as_stated in sources.provenance_highlights
        await pilot.press("3", "down")
        await pilot.pause()
        competitors = screen.query_one(CompetitorsPanel)
        row = competitors.rows[competitors.table.cursor_row]
        assert sources.selection is row.selection
        assert sources.selection.quotes


async def test_a_conflict_carries_a_marker_and_its_detail_shows_both_quotes(
    db_path: Path,
) -> None:
    from kctui.ui.detail.screen import CardView, DetailScreen

    shares = stated(db_path, "KC", "market_share", "2017H1")
    assert {r["as_stated"] for r in shares} >= {"6.8%", "6.5%"}
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("3")
        competitors = screen.query_one(CompetitorsPanel)
        index = next(
            i
            for i, r in enumerate(competitors.rows)
            if r.figure is not None and r.figure.key == FactKey("KC", "market_share", "2017H1", "%")
        )
        assert "⚠" in competitors.table.get_row_at(index)[1].plain
        competitors.table.move_cursor(row=index)
        await pilot.pause()
        assert {q.excerpt_id for q in screen.query_one(SourcesPanel).selection.quotes} == {
            r["excerpt_id"] for r in shares
        }
        await pilot.press("enter")
        await settle(pilot, app)
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.detail is not None
        assert detail.detail.conflict
        box = detail.query_one("#detail-cards")
        assert box.has_class("-side-by-side")
        cards = list(detail.query(CardView))
        assert len(cards) >= 2
        # Side by side: same row on screen, different columns.
        assert cards[0].region.y == cards[1].region.y
        assert cards[0].region.x != cards[1].region.x


async def test_a_derived_figure_shows_its_formula_and_opens_its_inputs(db_path: Path) -> None:
    from kctui.ui.detail.screen import DetailScreen

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        derived = next(
            (r, c) for r in screen.data.annual.rows for c in r.cells if c is not None and c.derived
        )
        row, fig = derived
        await pilot.press("2", "a")
        await pilot.pause()
        results = screen.query_one(ResultsPanel)
        r = screen.data.annual.rows.index(row)
        results.table.move_cursor(row=r, column=1 + row.cells.index(fig))
        await pilot.pause()
        assert "*" in results.table.get_row_at(r)[1 + row.cells.index(fig)].plain
        await pilot.press("enter")
        await settle(pilot, app)
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.detail is not None
        assert detail.detail.formula and detail.detail.links
        links = detail.query_one("#detail-links", KTable)
        assert app.focused is links
        await pilot.press("enter")
        await settle(pilot, app)
        inner = app.screen
        assert isinstance(inner, DetailScreen) and inner is not detail
        assert inner.subject == detail.detail.links[0].subject
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail


async def test_an_excerpt_opens_with_what_it_states(db_path: Path) -> None:
    from kctui.ui.detail.screen import DetailScreen

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("4", "down")
        await pilot.pause()
        sources = screen.query_one(SourcesPanel)
        assert sources.selection.subject is not None
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DetailScreen)
        assert isinstance(app.screen.subject, ExcerptRef)


# --- small and large terminals -----------------------------------------------------------


async def test_80x24_shows_one_panel_with_tabs_and_keeps_the_quotes(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, app)
        assert screen.compact
        visible = [p for p in screen.query(Panel) if p.display]
        assert [p.id for p in visible] == ["rounds", "sources"]
        await pilot.press("tab")
        await pilot.pause()
        visible = [p.id for p in screen.query(Panel) if p.display]
        assert visible == ["results", "sources"]
        assert screen.query_one("#panel-tabs").active == "results"
        await pilot.press("3")
        await pilot.pause()
        assert [p.id for p in screen.query(Panel) if p.display] == ["competitors", "sources"]
        assert isinstance(panel_with_focus(app), CompetitorsPanel)
        # The cursor starts on the first figure, under its section's heading (row 0).
        assert screen.query_one(CompetitorsPanel).table.cursor_row == 1
        await pilot.press("down")
        assert screen.query_one(CompetitorsPanel).table.cursor_row == 2
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert next(p.id for p in screen.query(Panel) if p.display) == "rounds"
        await pilot.press("4")
        await pilot.pause()
        assert [p.id for p in screen.query(Panel) if p.display] == ["sources"]
        assert screen.query_one(SourcesPanel).table.display
        # A click on a tab shows that panel.
        tabs = screen.query_one("#panel-tabs")
        await pilot.click(tabs, offset=(12, 0))
        await pilot.pause()
        assert [p.id for p in screen.query(Panel) if p.display] == ["results", "sources"]
        assert isinstance(panel_with_focus(app), ResultsPanel)


async def test_resizing_rearranges_the_panels(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await ready(pilot, app)
        assert not screen.compact
        assert sum(screen.query_one(SourcesPanel).table.column_widths) > 80
        # Room for the segment columns in the results table.
        assert len(screen.query_one(ResultsPanel).table.columns) > 5
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.compact
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert not screen.compact
        assert all(p.display for p in screen.query(Panel))


# --- data is text, never markup --------------------------------------------------------------


async def test_markup_and_escape_sequences_in_an_excerpt_render_literally(
    data_copy: Path, tmp_path: Path
) -> None:
    hostile = "[bold]Xiaomi[/] paid \x1b[31mred\x1b[0m [link=x]here[/link] "
    with open(data_copy / "financing_rounds.csv", encoding="utf-8", newline="") as handle:
        first_round = next(iter(csv.DictReader(handle)))
    target = first_round["excerpt_id"]
    edit_excerpt(data_copy, target, lambda text: hostile + text)
    out = tmp_path / "hostile.duckdb"
    build(data_copy, out)

    app = create_app(out)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        sources = screen.query_one(SourcesPanel)
        # The first round is under the cursor: its quote is in the Sources panel.
        text = sources.provenance_text
        assert "[bold]Xiaomi[/] paid" in text
        assert "[link=x]here[/link]" in text
        assert "\x1b" not in text and "␛[31mred␛[0m" in text
        # And what reaches the terminal carries no escape from the data.
        svg = app.export_screenshot()
        assert "[bold]Xiaomi[/]" in svg.replace("&#160;", " ")
        await pilot.press("4")
        await pilot.pause()
        row = next(
            i for i, e in enumerate(sources.entries) if getattr(e, "excerpt_id", "") == target
        )
        sources.table.move_cursor(row=row)
        await pilot.pause()
        cell = sources.table.get_row_at(row)[1].plain
        assert cell.startswith("[bold]Xiaomi[/] paid ␛[31mred")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.is_running
        from kctui.ui.detail.screen import CardView

        card = app.screen.query_one(CardView)
        assert "[bold]Xiaomi[/]" in card.render_card().plain


# --- start-up stays light --------------------------------------------------------------------


def test_plotext_is_not_imported_until_a_detail_view_opens(db_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import asyncio, sys
        from kctui.ui import create_app
        from kctui.ui.dashboard.screen import DashboardScreen

        async def main():
            app = create_app({str(db_path)!r})
            async with app.run_test(size=(120, 40)) as pilot:
                while not (isinstance(app.screen, DashboardScreen) and app.screen.data):
                    await pilot.pause(0.01)
                await pilot.pause()
                assert app.screen.data is not None
                before = sorted(m for m in sys.modules if m.split(".")[0] in
                                ("plotext", "textual_plotext", "pandas"))
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                after = "plotext" in sys.modules
            print(before, after)

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] True"


# --- start-up ---------------------------------------------------------------------------------


async def test_the_cli_start_up_preloads_and_turns_the_gc_back_on(db_path: Path) -> None:
    """kctui.cli.explore.open_app (create_app with preload): data loaded on a thread, GC off
    until the first paint, then what start-up made frozen."""
    import gc

    from kctui.cli.explore import open_app

    app = open_app(str(db_path))
    try:
        assert not gc.isenabled()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot, app)
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
            assert screen.query_one(RoundsPanel).table.row_count == len(screen.data.rounds)
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_failed_cli_start_up_leaves_the_gc_on(tmp_path: Path) -> None:
    import gc

    from kctui.cli.common import CliError
    from kctui.cli.explore import open_app

    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(CliError, match=r"bad\.duckdb"):
        open_app(str(bad))
    assert gc.isenabled()


async def test_the_competitors_cursor_steps_over_section_headings(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("3")
        panel = screen.query_one(CompetitorsPanel)
        headings = {i for i, row in enumerate(panel.rows) if row.heading}
        assert len(headings) >= 3 and 0 in headings
        seen = {panel.table.cursor_row}
        for _ in range(len(panel.rows)):
            await pilot.press("down")
            seen.add(panel.table.cursor_row)
        for _ in range(len(panel.rows)):
            await pilot.press("up")
            seen.add(panel.table.cursor_row)
        assert not seen & headings
        assert seen == set(range(len(panel.rows))) - headings  # every figure still reached
        # At the top, the first section's heading stays in view above the cursor.
        assert panel.table.cursor_row == 1 and panel.table.scroll_y == 0


async def test_the_key_bar_says_the_scale_and_how_to_restore(db_path: Path) -> None:
    from kctui.ui.widgets.key_bar import KeyBar

    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        bar = screen.query_one(KeyBar)
        assert "u Scale: auto" in bar.plain
        await pilot.press("u")
        await until(pilot, lambda: "u Scale: B" in bar.plain)
        await pilot.press("2", "m")
        await until(pilot, lambda: screen.maximized is not None)
        assert bar.display and bar.region.height == 1  # the keys stay on screen
        await until(pilot, lambda: "m Restore" in bar.plain)
        await pilot.press("escape")
        await until(pilot, lambda: screen.maximized is None and "m Max" in bar.plain)
