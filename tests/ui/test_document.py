"""The document view: ``o`` from every place a quote is shown opens the whole document,
scrolled to the quote, the quote lit; ``n``/``N`` step quotes; ``/`` searches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kctui.build import build
from kctui.core.db import Database
from kctui.core.documents import find, load_document
from kctui.core.model import ExcerptRef, FactKey
from kctui.core.text import visible_in_place
from kctui.ui import create_app
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.dashboard.sources import SourcesPanel
from kctui.ui.detail.screen import CardView, DetailScreen
from kctui.ui.document.screen import DocumentScreen
from kctui.ui.document.view import DocumentView
from tests.conftest import add_excerpt
from tests.ui.conftest import until


async def dashboard(pilot) -> DashboardScreen:
    app = pilot.app
    await until(
        pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None
    )
    return app.screen


async def document_open(pilot) -> DocumentScreen:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, DocumentScreen)
            and app.screen.document is not None
            and app.screen.query_one(DocumentView).row_count > 0
        ),
    )
    return app.screen


def in_view(screen: DocumentScreen, offset: int) -> bool:
    view = screen.query_one(DocumentView)
    return view.row_of(offset) in view.visible_rows()


def lit(screen: DocumentScreen, start: int, end: int) -> bool:
    """The current-quote style covers the whole of ``start``..``end``."""
    from kctui.ui.theme import Palette

    style = Palette.of(screen).highlight
    text = screen.query_one(DocumentView).text
    return any(s.style == style and s.start <= start and end <= s.end for s in text.spans)


# --- core ------------------------------------------------------------------------------


def test_a_document_holds_its_text_and_every_quote_in_reading_order(db_path: Path) -> None:
    db = Database(db_path)
    doc = load_document(db, "S001")
    assert doc is not None
    shipped = (Path(__file__).parents[2] / "data" / "sources" / "S001.txt").read_text("utf-8")
    assert doc.text == shipped
    assert doc.sha256 and doc.source.publisher
    starts = [q.start for q in doc.quotes]
    assert starts == sorted(starts)
    count = db.rows("SELECT count(*) AS n FROM excerpts WHERE source_id = 'S001'")[0]["n"]
    assert len(doc.quotes) == count
    for quote in doc.quotes:
        # The stored offsets are the quote, on the lines it names.
        text = db.rows("SELECT text FROM excerpts WHERE excerpt_id = ?", [quote.excerpt_id])
        assert doc.text[quote.start : quote.end] == text[0]["text"]
        assert doc.line_of(quote.start) == quote.first_line
        assert doc.line_of(quote.end - 1) == quote.last_line
    # A round's words are among what its quote states (e001-28: Xiaomi's 2012 round).
    strategic = doc.quotes[doc.index_of("e001-28")]
    assert any("182" in words for words in strategic.stated)
    assert load_document(db, "S999") is None


def test_find_ignores_case_and_line_breaks() -> None:
    text = "Kingsoft Cloud\nrevenue rose; KINGSOFT cloud fell"
    assert find(text, "kingsoft cloud") == [(0, 14), (29, 43)]
    assert find(text, "cloud revenue") == [(9, 22)]
    assert find(text, "   ") == []
    assert find(text, "(.*)") == []  # the reader's words, never a pattern


@given(st.text())
def test_visible_in_place_keeps_every_offset(text: str) -> None:
    shown = visible_in_place(text)
    assert len(shown) == len(text)
    assert "\x1b" not in shown and "\x9b" not in shown
    assert shown.count("\n") == text.count("\n")


# --- the screen ------------------------------------------------------------------------


async def test_o_opens_the_quote_shown_in_the_sources_box(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        await pilot.press("1")  # financing rounds: the first round's quote is shown
        sources = screen.query_one(SourcesPanel)
        await until(pilot, lambda: sources.document_target() is not None)
        source_id, excerpt_id, _ = sources.document_target()
        await pilot.press("o")
        doc = await document_open(pilot)
        assert doc.document.source.source_id == source_id
        quote = doc.document.quotes[doc.current]
        assert quote.excerpt_id == excerpt_id
        await until(pilot, lambda: in_view(doc, quote.start))
        assert lit(doc, quote.start, quote.end)
        status = str(doc.query_one("#document-status").render())
        assert f"quote {doc.current + 1} of {len(doc.document.quotes)}" in status
        assert excerpt_id in status
        head = str(doc.query_one("#document-head").render())
        assert doc.document.source.publisher in head and "sha256" in head
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_n_and_shift_n_step_through_the_quotes_and_wrap(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        from kctui.ui.document.screen import open_document

        open_document(screen, "S003", None)
        doc = await document_open(pilot)
        count = len(doc.document.quotes)
        assert doc.current is None  # opened at the top: nothing lit yet
        await pilot.press("n")
        assert doc.current == 0
        for expected in range(1, count):
            await pilot.press("n")
            assert doc.current == expected
            quote = doc.document.quotes[expected]
            await until(pilot, lambda quote=quote: in_view(doc, quote.start))
            assert lit(doc, quote.start, quote.end)
        await pilot.press("n")
        assert doc.current == 0  # round to the first
        await pilot.press("N")
        assert doc.current == count - 1


async def test_slash_searches_and_n_steps_the_matches_until_escape(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        from kctui.ui.document.screen import open_document

        open_document(screen, "S001", "e001-28")
        doc = await document_open(pilot)
        quote = doc.current
        # Typed at once: the letters that arrive before the box has the focus are its too
        # (and "n" is not "next quote" while the box is open).
        await pilot.press("slash", *"xiaomi")
        expected = len(re.findall("xiaomi", doc.document.text, re.IGNORECASE))
        assert expected > 2
        await until(pilot, lambda: len(doc.matches) == expected)
        assert doc.query_one("#document-search").value == "xiaomi"
        status = str(doc.query_one("#document-status").render())
        assert f"{expected} matches for “xiaomi”" in status
        await pilot.press("enter")
        assert doc.match is not None
        first = doc.match
        await until(pilot, lambda: in_view(doc, doc.matches[first][0]))
        await pilot.press("n")
        assert doc.match == (first + 1) % expected
        assert doc.current == quote  # n steps matches now, not quotes
        await pilot.press("N", "N")
        assert doc.match == (first - 1) % expected
        await pilot.press("escape")  # clears the search
        assert doc.matches == [] and app.screen is doc
        await pilot.press("n")
        assert doc.current == (quote + 1) % len(doc.document.quotes)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_a_search_that_finds_nothing_says_so(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dashboard(pilot)
        from kctui.ui.document.screen import open_document

        open_document(screen, "S002")
        doc = await document_open(pilot)
        await pilot.press("slash")
        await pilot.press(*"[bold]zz")
        await until(pilot, lambda: "0 matches" in str(doc.query_one("#document-status").render()))
        await pilot.press("enter")
        assert doc.match is None and doc.matches == []


async def test_o_on_a_source_in_the_list_opens_it_at_the_top(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        await pilot.press("4")
        sources = screen.query_one(SourcesPanel)
        await until(pilot, lambda: sources.table.has_focus)
        sources.table.move_cursor(row=0)  # the first document's own row
        await pilot.press("o")
        doc = await document_open(pilot)
        assert doc.current is None
        assert doc.query_one(DocumentView).scroll_offset.y == 0


async def test_o_in_a_detail_view_opens_the_focused_statement(db_path: Path) -> None:
    # KC's 2017H1 share: two statements that disagree, side by side.
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        app.push_screen(DetailScreen(screen.db, FactKey("KC", "market_share", "2017H1", "%")))
        await until(pilot, lambda: len(app.screen.query(CardView)) >= 2)
        detail = app.screen
        second = detail.query(CardView)[1]
        second.focus()
        await pilot.press("o")
        doc = await document_open(pilot)
        assert doc.document.quotes[doc.current].excerpt_id == second.card.excerpt_id
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is detail)


async def test_o_in_an_excerpt_detail_opens_that_excerpt(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await dashboard(pilot)
        app.push_screen(DetailScreen(screen.db, ExcerptRef("e004-01")))
        await until(pilot, lambda: len(app.screen.query(CardView)) == 1)
        await pilot.press("o")
        doc = await document_open(pilot)
        assert doc.document.quotes[doc.current].excerpt_id == "e004-01"


@pytest.fixture
def hostile_db(data_copy: Path, tmp_path: Path) -> Path:
    add_excerpt(data_copy, "e001-99", "Markup [bold red]here[/] and \x1b]52;c;aGk=\x07 an escape.")
    path = tmp_path / "hostile.duckdb"
    build(data_copy, path)
    return path


async def test_a_document_with_markup_and_escapes_is_shown_as_text(hostile_db: Path) -> None:
    app = create_app(hostile_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot)
        from kctui.ui.document.screen import open_document

        open_document(screen, "S001", "e001-99")
        doc = await document_open(pilot)
        shown = doc.query_one(DocumentView).text.plain
        assert "[bold red]here[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        quote = doc.document.quotes[doc.current]
        await until(pilot, lambda: in_view(doc, quote.start))


def test_help_lists_the_document_keys() -> None:
    from kctui.ui.screens.help import KEYS

    rows = {(where, key) for where, key, _ in KEYS}
    assert ("dashboard", "o") in rows and ("detail view", "o") in rows
    listed = " ".join(key for where, key, _ in KEYS if where == "document")
    names = {"slash": "/", "escape": "escape"}
    for binding in DocumentScreen.BINDINGS:
        assert names.get(binding.key, binding.key) in listed, binding.key
