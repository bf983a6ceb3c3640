"""Find a figure (f) and cite it (y / Y), driven with Pilot.

Expectations come from the database (which facts state KC's FY2021 net loss, which one
says 74.67); every wait is for a state or a message, never for time.
"""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kctui.core import find
from kctui.core.db import Database
from kctui.core.model import ExcerptRow, FactKey
from kctui.ui import create_app, fmt
from kctui.ui.app import KctuiApp
from kctui.ui.dashboard.results import ResultsPanel
from kctui.ui.dashboard.rounds import RoundsPanel
from kctui.ui.dashboard.sources import SourcesPanel
from kctui.ui.detail.screen import CardView, DetailScreen
from kctui.ui.find import screen as find_screen
from kctui.ui.find.provider import FindProvider
from kctui.ui.find.screen import FindScreen
from kctui.ui.screens.help import KEYS
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from tests.ui.conftest import until
from tests.ui.test_dashboard import ready


def ids(db_path: Path, sql: str) -> list[str]:
    db = Database(db_path)
    try:
        return [str(r[0]) for r in db.query(sql).rows]
    finally:
        db.close()


async def open_find(pilot: Pilot, app: KctuiApp) -> FindScreen:
    await ready(pilot, app)
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, FindScreen))
    screen = app.screen
    assert isinstance(screen, FindScreen)
    return screen


async def type_and_wait(
    pilot: Pilot, seen: list[Any], text: str, typed: str | None = None
) -> FindScreen:
    """Type ``typed`` (default: ``text``) and wait until the results of ``text`` show."""
    await pilot.press(*(text if typed is None else typed))
    await until(
        pilot, lambda: any(isinstance(m, FindScreen.Searched) and m.text == text for m in seen)
    )
    screen = pilot.app.screen
    assert isinstance(screen, FindScreen)
    return screen


def spy_clipboard(app: KctuiApp) -> list[str]:
    """What the app writes to the terminal (the OSC 52 sequence among it)."""
    written: list[str] = []
    driver = app._driver
    assert driver is not None
    original = driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    driver.write = write  # type: ignore[method-assign]
    return written


def osc52(text: str) -> str:
    return f"\x1b]52;c;{base64.b64encode(text.encode()).decode()}\a"


# --- find ---------------------------------------------------------------------------------


async def test_typing_finds_ranked_results(db_path: Path) -> None:
    wanted = set(
        ids(
            db_path,
            "SELECT fact_id FROM facts WHERE entity = 'KC' AND metric = 'net_loss' AND period = 'FY2021'",
        )
    )
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await open_find(pilot, app)
        screen = await type_and_wait(pilot, seen, "net loss 2021")
        assert screen.results is not None
        found = screen.results.found
        assert {f.id for f in found[: len(wanted)]} == wanted
        scores = [f.score for f in found]
        assert scores == sorted(scores, reverse=True)
        table = screen.query_one("#find-results", KTable)
        first = [c.plain for c in table.get_row_at(0)]
        assert first[0].startswith("¥") and first[1] == "Net loss · Kingsoft Cloud"
        assert first[2] == "FY2021" and "2022-06-23" in first[3]
        # Each keystroke searched: the results of each prefix were shown on the way.
        shown = [m.text for m in seen if isinstance(m, FindScreen.Searched)]
        assert shown[-1] == "net loss 2021" and len(shown) > 1


async def test_a_number_finds_its_fact_and_enter_opens_its_detail(db_path: Path) -> None:
    (fact,) = ids(db_path, "SELECT fact_id FROM facts WHERE as_stated LIKE '%74.67%'")
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await open_find(pilot, app)
        screen = await type_and_wait(pilot, seen, "74.67")
        assert screen.results is not None and screen.results.found[0].id == fact
        assert "US$74.67" in screen.query_one("#find-results", KTable).get_row_at(0)[0].plain
        subject = screen.results.found[0].subject
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        assert isinstance(detail, DetailScreen) and detail.subject == subject
        assert subject == FactKey("KC", "share_price_high", screen.results.found[0].period, "USD")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        # The results are still there, and down moves into them.
        await pilot.press("down")
        assert screen.query_one("#find-results", KTable).has_focus


async def test_a_new_keystroke_supersedes_the_running_search(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search of "a" is held until "ab" has been searched and shown; when "a" finally
    finishes, its results are dropped: the table shows what is typed."""
    entered, release = threading.Event(), threading.Event()
    real = find.search

    def search(cursor: Any, text: str, names: Any = None, limit: int = find.LIMIT) -> Any:
        if text == "a":
            entered.set()
            release.wait(30)
        return real(cursor, text, names, limit)

    monkeypatch.setattr(find_screen.find, "search", search)
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await open_find(pilot, app)
        await pilot.press("a")
        await until(pilot, entered.is_set)
        await type_and_wait(pilot, seen, "ab", typed="b")
        held = [w for w in app.workers if w.group == "find" and w.is_running]
        release.set()
        await until(pilot, lambda: not any(w.is_running for w in held))
        await pilot.pause()
        assert screen.text == "ab"
        assert {m.text for m in seen if isinstance(m, FindScreen.Searched)} == {"ab"}
        assert screen.results is not None and screen.results.query.text == "ab"


async def test_nothing_found_says_so_and_markup_is_literal(db_path: Path) -> None:
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await open_find(pilot, app)
        screen = await type_and_wait(pilot, seen, "[bold]zzqx[/]")
        status = str(screen.query_one("#find-status").render())
        assert "Nothing matches" in status and "[bold]zzqx[/]" in status
        assert not screen.query_one("#find-results", KTable).display
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, FindScreen))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_find_screen_fits_every_size(db_path: Path, size: tuple[int, int]) -> None:
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=size, message_hook=seen.append) as pilot:
        await open_find(pilot, app)
        screen = await type_and_wait(pilot, seen, "revenue 2025")
        table = screen.query_one("#find-results", KTable)
        detail = screen.query_one("#find-detail")
        assert table.region.height >= 5 and detail.display
        assert table.region.right <= size[0] and detail.region.bottom <= size[1] - 1
        # Every row shows a value, what it is, a period and where it is from.
        for i in range(table.row_count):
            value, figure, period, source = (c.plain for c in table.get_row_at(i))
            assert value and figure and period and source, (value, figure, period, source)


async def test_the_palette_lists_figures_that_open_their_detail(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        provider = FindProvider(screen)
        hits = [hit async for hit in provider.search("net loss 2021")]
        assert hits and "Net loss · Kingsoft Cloud · FY2021" in str(hits[0].match_display)
        assert hits[0].help and "2022-06-23" in hits[0].help
        hits[0].command()
        await until(
            pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail is not None
        )
        assert app.screen.subject == FactKey("KC", "net_loss", "FY2021", "CNY")  # type: ignore[attr-defined]
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Find a figure" in titles and "Cite the selection" in titles


# --- cite ---------------------------------------------------------------------------------


async def test_y_copies_a_citation_with_osc_52_and_says_so(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        written = spy_clipboard(app)
        # A round: its figure and its quote.
        await pilot.press("1")
        rounds = screen.query_one(RoundsPanel)
        round_id = rounds.rows[rounds.table.cursor_row].round_id
        await pilot.press("y")
        await until(pilot, lambda: bool(app.clipboard))
        assert app.clipboard.endswith(f"kctui round {round_id}.")
        assert osc52(app.clipboard) in "".join(written)
        notices = [str(n.message) for n in app._notifications]
        assert any(f"Copied the citation of {round_id} as text (Y: Markdown)" in n for n in notices)
        # Y: the same as Markdown, with its footnote.
        await pilot.press("Y")
        await until(pilot, lambda: "[^kctui-" in app.clipboard)
        assert f"[^kctui-{round_id}]: " in app.clipboard
        assert osc52(app.clipboard) in "".join(written)
        # A result cell: the statement the dashboard shows for it.
        await pilot.press("2")
        results = screen.query_one(ResultsPanel)
        selection = results.current_selection()
        assert selection is not None and selection.figures
        fact = selection.figures[0].statements[0].fact_id
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.endswith(f"kctui fact {fact}."))


async def test_y_on_an_excerpt_and_on_nothing(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        await pilot.press("4")
        sources = screen.query_one(SourcesPanel)
        first = next(i for i, e in enumerate(sources.entries) if isinstance(e, ExcerptRow))
        sources.table.move_cursor(row=first)
        await pilot.pause()
        excerpt = sources.entries[first].excerpt_id  # type: ignore[union-attr]
        await pilot.press("y")
        await until(pilot, lambda: app.clipboard.endswith(f"kctui excerpt {excerpt}."))
        # A document heading names no figure and no quote: nothing is copied.
        before = app.clipboard
        sources.table.move_cursor(row=first - 1)
        await pilot.pause()
        await pilot.press("y")
        await until(
            pilot, lambda: any("Nothing to cite" in str(n.message) for n in app._notifications)
        )
        assert app.clipboard == before


async def test_y_in_the_detail_view_and_in_find_results(db_path: Path) -> None:
    derived = ids(
        db_path, "SELECT fact_id FROM derived_facts WHERE metric = 'revenue_yoy' ORDER BY 1"
    )[0]
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await ready(pilot, app)
        row = ids(
            db_path,
            f"SELECT entity || '|' || metric || '|' || period || '|' || unit FROM derived_facts WHERE fact_id = '{derived}'",
        )[0]
        key = FactKey(*row.split("|"))
        app.push_screen(DetailScreen(app.db, key))
        await until(
            pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail is not None
        )
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        await until(pilot, lambda: bool(detail.query(CardView)))
        # The focused card: that statement.
        card = detail.query(CardView).last()
        card.focus()
        await pilot.press("y")
        await until(pilot, lambda: f"kctui fact {card.card.fact_id}." in app.clipboard)
        assert app.clipboard.startswith("Kingsoft Cloud revenue YoY")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DetailScreen))
        # Find results: the highlighted statement.
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FindScreen))
        screen = await type_and_wait(pilot, seen, "74.67")
        await pilot.press("down", "y")
        assert screen.results is not None
        await until(
            pilot, lambda: app.clipboard.endswith(f"kctui fact {screen.results.found[0].id}.")
        )  # type: ignore[union-attr]


async def test_the_keys_are_in_the_key_bar_and_the_help(db_path: Path) -> None:
    listed = " ".join(key for _, key, _ in KEYS)
    for binding in FindScreen.BINDINGS:
        key = binding.key if hasattr(binding, "key") else binding[0]  # type: ignore[index]
        assert {"escape": "escape", "down": "↓"}.get(key, key) in listed, key
    assert "y / Y" in listed and any(w == "find" for w, _, _ in KEYS)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot, app)
        bar = screen.query_one(KeyBar).plain
        assert "f Find" in bar and "y Cite" in bar
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FindScreen))
        await pilot.press(*"revenue")
        find_screen_ = app.screen
        assert isinstance(find_screen_, FindScreen)
        await until(pilot, lambda: find_screen_.results is not None)
        await pilot.press("down")
        await pilot.pause()
        assert "y Cite" in find_screen_.query_one(KeyBar).plain


async def test_a_narrow_figure_cell_keeps_whose_figure_it_is(db_path: Path) -> None:
    """At 80x24 "market share alibaba" lists several entities' shares of one long metric
    label: the label is cut, the entity stays, so the rows stay apart."""
    seen: list[Any] = []
    app = create_app(db_path)
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await open_find(pilot, app)
        screen = await type_and_wait(pilot, seen, "market share alibaba")
        assert screen.results is not None
        table = screen.query_one("#find-results", KTable)
        for i, found in enumerate(screen.results.found):
            figure = table.get_row_at(i)[1].plain.rstrip()
            assert figure.endswith(fmt.short_name(found.name)), figure
        assert any("…" in table.get_row_at(i)[1].plain for i in range(table.row_count))


async def test_at_80x24_the_key_bar_keeps_find_cite_and_help(db_path: Path) -> None:
    """The dashboard's keys do not all fit 80 columns: the outermost are dropped whole,
    ``? Help`` (which lists every key) and the palette's key stay, and f and y show."""
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot, app)
        bar = screen.query_one(KeyBar)
        shown = bar.plain
        assert "f Find" in shown and "y Cite" in shown and "? Help" in shown
        assert shown.rstrip().endswith("^p")
        assert "…" not in shown and len(shown) <= 80
        assert "f2 Console" not in shown  # the one dropped (still in the help)
