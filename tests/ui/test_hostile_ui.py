"""Hostile text in the explorer: markup and escape sequences typed or returned by SQL.

Nothing the user types or the data holds is ever parsed as Textual markup or sent raw
to the terminal: the Sources filter's subtitle, notifications carrying a column name
or a path, the console's cells. Each case must leave the app running with the text
shown literally.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from kctui.core import queries
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.console.screen import ConsoleScreen
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.dashboard.sources import SourcesPanel
from tests.ui.conftest import until

HOSTILE = [
    "[/",
    "[/]",
    "[bold]x",
    "[link=file:///etc]y[/link]",
    "\x1b[31m",
    "\x9b2J",
    "\u202e",
    "中[",
    "$x",
]


async def dashboard(pilot: Pilot, app: KctuiApp) -> DashboardScreen:
    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def subtitle(panel: SourcesPanel) -> str:
    return str(
        panel.border_subtitle.plain
        if hasattr(panel.border_subtitle, "plain")
        else panel.border_subtitle
    )


@pytest.mark.parametrize("text", HOSTILE)
async def test_the_sources_filter_takes_any_text(db_path: Path, text: str) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        await pilot.press("4", "slash")
        for ch in text:
            await pilot.press(ch if len(ch.encode()) == 1 and ch.isprintable() else "space")
        panel = app.screen.query_one(SourcesPanel)
        panel.filter_text = text  # and the exact text, escapes included
        panel.rebuild()
        await pilot.pause()
        assert app.is_running
        assert "\x1b" not in subtitle(panel) and "\x9b" not in subtitle(panel)


async def test_a_search_of_the_database_takes_markup_too(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only some excerpts listed: the filter searches the database, in a worker.
    monkeypatch.setattr(queries, "EXCERPTS_LIMIT", 10)
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await dashboard(pilot, app)
        assert screen.data is not None and screen.data.excerpts_limited
        await pilot.press("4", "slash", "[", "slash", "k", "c")
        await until(pilot, lambda: any(isinstance(m, SourcesPanel.Searched) for m in seen))
        panel = screen.query_one(SourcesPanel)
        assert "[/kc" in subtitle(panel)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "j", "i", "n")
        await until(
            pilot,
            lambda: any(isinstance(m, SourcesPanel.Searched) and m.needle == "jin" for m in seen),
        )
        assert app.is_running and "jin" in subtitle(panel)


async def test_notifications_carrying_data_are_not_markup(db_path: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        screen.load_query("select '[/]' as \"[/]\", '\x1b[31m[bold]' as \"[red]x\"")
        await pilot.press("f5")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.QueryFinished) for m in seen))
        await until(pilot, lambda: not screen.state.busy)
        screen.results.focus()
        await pilot.press("c", "right", "c", "r")
        await pilot.pause()
        assert app.is_running
        shown = [str(n.message) for n in app._notifications]
        assert any("[/]" in m for m in shown) and any("[red]x" in m for m in shown)
        # An export to a path with markup in it says so, literally.
        screen.exporting._submitted(screen.state.run.last_sql, None)  # cancelled: nothing
        # (A "[" folder that does not exist: the failure names the path, literally.)
        missing = tmp_path / "[/]report.csv"
        screen.exporting._start(screen.state.run.last_sql, missing, "csv", False)
        await until(
            pilot, lambda: any("[/]report.csv" in str(n.message) for n in app._notifications)
        )
        target = tmp_path / "[red]report[bold].csv"
        screen.exporting._start(screen.state.run.last_sql, target, "csv", False)
        await until(
            pilot,
            lambda: any("[red]report[bold].csv" in str(n.message) for n in app._notifications),
        )
        assert target.exists() and app.is_running
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("[]/=#@\\ab \x1b\x07\x9b\u202e中")), max_size=12))
def test_random_filter_text_never_crashes(db_path: Path, text: str) -> None:
    import asyncio

    async def scenario() -> None:
        app = create_app(db_path, preload=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await dashboard(pilot, app)
            panel = app.screen.query_one(SourcesPanel)
            panel.filter_text = text
            panel.rebuild()
            await pilot.pause()
            assert app.is_running
            assert "\x1b" not in subtitle(panel)

    asyncio.run(scenario())


async def test_the_console_grid_shows_controls_and_bidi_overrides_visibly(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        screen.load_query("select chr(155) || '2J' || chr(8238) || 'abc' || chr(27) || '[31m' as v")
        await pilot.press("f5")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.QueryFinished) for m in seen))
        await until(pilot, lambda: not screen.state.busy)
        await pilot.pause()
        line = "".join(s.text for s in screen.results.render_line(1))
        assert "<U+009B>2J" in line and "<U+202E>abc" in line and "␛[31m" in line
        assert "\x9b" not in line and "\u202e" not in line and "\x1b" not in line


async def test_the_console_tabs_wrapping_and_status_show_hostile_names_visibly(
    db_path: Path,
) -> None:
    # A column named with a CSI, a bidi override and an ESC sequence, sorted and filtered
    # by its value: the result tab's title, the wrapping line, the header and the
    # status must all show those characters, never send them to the terminal.
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(160, 40), message_hook=seen.append) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        hostile = "chr(155) || '2J' || chr(8238) || 'n' || chr(27) || '[31m'"
        one = f'select {hostile} as "\x9b2J\u202en\x1b[31m" from range(3)'
        screen.load_query(f"{one};\n{one}")  # two results: the result tabs show
        await pilot.press("shift+f5")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.QueryFinished) for m in seen))
        await until(pilot, lambda: not screen.state.busy)
        screen.results.focus()
        await pilot.press("s")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.ViewFinished) for m in seen))
        await pilot.press("equals_sign")
        await until(
            pilot, lambda: sum(isinstance(m, ConsoleScreen.ViewFinished) for m in seen) >= 2
        )
        await until(pilot, lambda: not screen.state.busy)
        await pilot.pause()
        screen.editor.text = "select 1"  # the editor shows what was typed; the rest is data
        await pilot.pause()
        shown = app.export_screenshot()
        assert "\x9b" not in shown and "\u202e" not in shown and "\x1b" not in shown
        assert "&lt;U+202E&gt;n" in shown  # seen, not obeyed
        assert "↑&lt;U+00" in shown  # the result tab names the sort, cut to fit
        assert app.is_running
