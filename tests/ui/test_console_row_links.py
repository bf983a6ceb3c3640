"""A console result row leads back to the record: ``y``/``Y`` cite it by its fact_id,
round_id or excerpt_id, ``o`` opens its quote in the whole document; a row with none of
them says so in one line. Waits for states, never for a time."""

from __future__ import annotations

from pathlib import Path

from kctui.core.db import Database
from kctui.ui import create_app
from kctui.ui.document.screen import DocumentScreen
from tests.ui.conftest import until
from tests.ui.test_console import console, run


def a_fact(db_path: Path) -> dict[str, str]:
    db = Database(db_path)
    try:
        return db.rows(
            "SELECT f.fact_id, f.excerpt_id, e.source_id, f.as_stated FROM facts f "
            "JOIN excerpts e USING (excerpt_id) ORDER BY f.fact_id LIMIT 1"
        )[0]
    finally:
        db.close()


async def test_y_cites_a_row_by_its_fact_id_and_Y_as_markdown(db_path: Path) -> None:
    fact = a_fact(db_path)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(
            pilot,
            screen,
            f"SELECT metric, value, fact_id FROM facts WHERE fact_id = '{fact['fact_id']}'",
        )
        screen.results.focus()
        await pilot.press("y")
        await until(pilot, lambda: bool(app.clipboard))
        assert app.clipboard.endswith(f"kctui fact {fact['fact_id']}.")
        assert fact["as_stated"] in app.clipboard
        app.copy_to_clipboard("")
        await pilot.press("Y")
        await until(pilot, lambda: bool(app.clipboard))
        assert "**" in app.clipboard and f"kctui fact `{fact['fact_id']}`" in app.clipboard


async def test_a_row_without_ids_says_there_is_nothing_to_cite_or_open(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 42 AS answer")
        screen.results.focus()
        await pilot.press("y")
        await until(pilot, lambda: any("nothing to cite" in n.message for n in app._notifications))
        await pilot.press("o")
        await until(pilot, lambda: any("no document" in n.message for n in app._notifications))
        assert app.screen is screen and not app.clipboard


async def test_o_opens_the_rows_quote_in_its_document(db_path: Path) -> None:
    fact = a_fact(db_path)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(
            pilot, screen, f"SELECT value, FACT_ID FROM facts WHERE fact_id = '{fact['fact_id']}'"
        )
        screen.results.focus()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        document = app.screen
        assert isinstance(document, DocumentScreen)
        assert document.source_id == fact["source_id"]
        assert document.excerpt_id == fact["excerpt_id"]
        assert document.highlights == (fact["as_stated"],)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
