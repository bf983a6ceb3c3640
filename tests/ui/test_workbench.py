"""The console as a workbench, driven with Pilot: buffers that persist, .sql files, find
and replace, undo, a result tab per statement, total counts, any row of ten million,
sort and filter in DuckDB, cancelling background work, and quitting that loses nothing.

Tests wait for the messages the console posts (``message_hook``) or for states, never
for a time; a cancel test uses a query that cannot finish by itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from kctui.core.console.buffers import BufferStore
from kctui.core.queries import EXAMPLES
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.console.dialogs import CellScreen, ConfirmScreen
from kctui.ui.console.find_bar import FindBar
from kctui.ui.console.prompts import InputScreen
from kctui.ui.console.result_tab import FilterInput
from kctui.ui.console.screen import ConsoleScreen
from kctui.ui.console.tab_strip import TabStrip
from tests.ui.conftest import until, wait_for
from tests.ui.test_console import console, run, status

BIG = "SELECT * FROM range(10_000_000)"
ENDLESS_ROWS = "SELECT range AS n FROM range(9223372036854775807)"
"""First rows at once; counting, copying or sorting it can never finish by itself."""


def buffers_file(tmp_path: Path) -> Path:
    return tmp_path / "userdata" / "buffers.json"


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", "\n": "enter"}.get(c, c) for c in text])


async def answer(pilot: Pilot, app: KctuiApp, text: str) -> None:
    """Type ``text`` into the InputScreen on top and press enter."""
    await until(pilot, lambda: isinstance(app.screen, InputScreen) and app.screen.query(Input))
    app.screen.query_one(Input).value = text
    await pilot.press("enter")


def saved_texts(tmp_path: Path) -> list[str]:
    """The buffers' texts in the buffers file (none while it is not there)."""
    path = buffers_file(tmp_path)
    if not path.exists():
        return []
    return [b["text"] for b in json.loads(path.read_text())["buffers"]]


def first_cell(screen: ConsoleScreen) -> str:
    return screen.results.render_line(1).text.strip()


# --- buffers ---------------------------------------------------------------------------


async def test_buffers_are_tabs_saved_with_their_cursors_and_restored(
    db_path: Path, tmp_path: Path
) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await type_text(pilot, "SELECT 1 AS first")
        await pilot.press("ctrl+n")
        await until(pilot, lambda: len(screen.buffers.editors) == 2)
        assert app.focused is screen.editor and screen.editor.text == ""
        await type_text(pilot, "SELECT 2\nAS second")
        screen.editor.move_cursor((1, 2))
        await pilot.press("ctrl+t")
        await answer(pilot, app, "[/]odd [b]name")  # names are data: never markup
        await until(pilot, lambda: app.screen is screen)
        assert "[/]odd [b]name" in screen.buffers.query_one(TabStrip).plain
        title = Content.from_markup(screen.editor.border_title or "").plain  # as drawn
        assert title.startswith("[/]odd [b]name")
        await pilot.press("ctrl+t")
        await answer(pilot, app, "my second")
        await until(pilot, lambda: app.screen is screen)
        strip = screen.buffers.query_one(TabStrip).plain
        assert "Buffer 1" in strip and "my second" in strip
        await pilot.press("ctrl+pageup")
        assert screen.editor.text == "SELECT 1 AS first"
        await pilot.press("ctrl+pagedown")
        assert screen.editor.buffer.name == "my second"
        await wait_for(pilot, seen, ConsoleScreen.BuffersSaved)  # saved as you go
        # The first save may be of an earlier moment (typing is slow on a loaded box):
        # wait for the one of the last change.
        texts = ["SELECT 1 AS first", "SELECT 2\nAS second"]
        await until(pilot, lambda: saved_texts(tmp_path) == texts)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await until(pilot, lambda: screen.ready)
        editors = screen.buffers.editors
        assert [e.text for e in editors] == ["SELECT 1 AS first", "SELECT 2\nAS second"]
        assert [e.buffer.name for e in editors] == ["Buffer 1", "my second"]
        assert screen.editor is editors[1] and screen.editor.cursor_location == (1, 2)
        strip = screen.buffers.query_one(TabStrip)  # the tabs drawn before any key
        assert strip.plain == " 1 Buffer 1   2 my second " and strip.active == 1


async def test_closing_a_buffer_with_text_asks_first(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: len(screen.buffers.editors) == 2)
        await pilot.press("ctrl+w")  # an empty buffer closes at once
        await until(pilot, lambda: len(screen.buffers.editors) == 1)
        await type_text(pilot, "SELECT 'keep me'")
        await pilot.press("ctrl+w")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert screen.editor.text == "SELECT 'keep me'"
        await pilot.press("ctrl+w")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: screen.editor.text == "")
        assert len(screen.buffers.editors) == 1  # the last one closed leaves an empty one


async def test_an_unwritable_data_dir_is_said_once_and_nothing_is_lost(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(blocker))
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await type_text(pilot, "SELECT 1")
        await wait_for(pilot, seen, ConsoleScreen.BuffersSaved)
        await type_text(pilot, " AS still_here")
        await wait_for(pilot, seen, ConsoleScreen.BuffersSaved, 2)
        notes = [
            str(n.message) for n in app._notifications if "buffers not saved" in str(n.message)
        ]
        assert len(notes) == 1 and str(blocker) in notes[0]
        assert screen.editor.text == "SELECT 1 AS still_here"
        await run(pilot, screen)
        assert screen.results.values == [(1,)]
        # Quitting now would lose the text: the app asks, and "n" stays.
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "could not be saved" in app.screen.question
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert app.is_running
    assert blocker.read_text() == "x"


async def test_quitting_saves_every_buffer_and_says_where(db_path: Path, tmp_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await console(pilot, app)
        await type_text(pilot, "SELECT 'typed just before quitting'")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    saved = BufferStore(buffers_file(tmp_path)).load().buffers
    assert saved[0].text == "SELECT 'typed just before quitting'"
    assert str(buffers_file(tmp_path)) in app.exit_notes["console"]


async def test_q_never_quits_from_the_console(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 1 AS x")
        for target in (screen.results, screen.query_one("SchemaTree")):
            target.focus()
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running and app.screen is screen
        assert any("ctrl+q quits" in str(n.message) for n in app._notifications)
        screen.editor.focus()
        await pilot.press("q")
        assert screen.editor.text.endswith("q")


# --- files, find, undo -------------------------------------------------------------------


async def test_open_and_save_sql_files(db_path: Path, tmp_path: Path) -> None:
    seen: list[object] = []
    script = tmp_path / "revenue.sql"
    script.write_text("SELECT period, revenue\nFROM annual_results;\n")
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await pilot.press("ctrl+o")
        await answer(pilot, app, str(script))
        await until(pilot, lambda: screen.editor.buffer.path == str(script))
        assert screen.editor.text == script.read_text()
        assert len(screen.buffers.editors) == 1  # the empty buffer was used
        assert "revenue.sql" in screen.buffers.query_one(TabStrip).plain
        screen.editor.move_cursor((1, 19))
        await type_text(pilot, " ORDER BY period")
        assert "•" in screen.buffers.query_one(TabStrip).plain  # differs from its file
        await pilot.press("ctrl+s")
        await wait_for(pilot, seen, ConsoleScreen.FileSaved)
        assert (
            script.read_text() == "SELECT period, revenue\nFROM annual_results ORDER BY period;\n"
        )
        assert "•" not in screen.buffers.query_one(TabStrip).plain
        # Save as over another file: asked first; n keeps it, y replaces it.
        other = tmp_path / "other.sql"
        other.write_text("keep me")
        await app.run_action("screen.save_as")
        await answer(pilot, app, str(other))
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert other.read_text() == "keep me"
        await app.run_action("screen.save_as")
        await answer(pilot, app, str(other))
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, seen, ConsoleScreen.FileSaved, 2)
        assert other.read_text().startswith("SELECT period")
        # A file that is not there: one notice, nothing else changes.
        await pilot.press("ctrl+o")
        await answer(pilot, app, str(tmp_path / "nope.sql"))
        await until(
            pilot, lambda: any("does not exist" in str(n.message) for n in app._notifications)
        )
        assert len(screen.buffers.editors) == 1


async def test_find_and_replace_are_undoable(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        original = "SELECT * FROM facts;\nSELECT count(*) FROM facts WHERE entity = 'KC'"
        screen.load_query(original)
        screen.editor.move_cursor((0, 0))
        await pilot.press("ctrl+f")
        bar = screen.query_one(FindBar)
        await until(pilot, lambda: bar.shown)
        await type_text(pilot, "facts")
        count = bar.query_one("#find-count")
        await until(pilot, lambda: str(count.render()) == "1 of 2")
        assert screen.editor.selected_text == "facts"
        await pilot.press("enter")
        assert str(count.render()) == "2 of 2"
        assert screen.editor.selection.start == (1, 21)
        await pilot.press("up")
        assert str(count.render()) == "1 of 2"
        await pilot.press("tab")
        await type_text(pilot, "kc.facts")
        await pilot.press("enter")  # replace this one, go to the next
        assert screen.editor.text.startswith("SELECT * FROM kc.facts;")
        await pilot.press("ctrl+a")  # replace all the rest
        assert screen.editor.text.count("kc.facts") == 2
        await pilot.press("escape")
        assert not bar.shown and app.focused is screen.editor
        await pilot.press("ctrl+z")
        assert screen.editor.text.count("kc.facts") == 1
        await pilot.press("ctrl+z")
        assert screen.editor.text == original


async def test_ctrl_a_selects_all_and_undo_reaches_a_query_from_the_palette(
    db_path: Path,
) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await type_text(pilot, "SELECT 'mine'\n, 2")
        await pilot.press("ctrl+a")
        assert screen.editor.selected_text == "SELECT 'mine'\n, 2"
        await pilot.press("end")
        await app.run_action("open_example(0)")
        await until(pilot, lambda: screen.editor.text == EXAMPLES[0].sql)
        await until(pilot, lambda: screen.state.run is not None and not screen.state.busy)
        screen.editor.focus()
        await pilot.press("ctrl+z")
        assert screen.editor.text == "SELECT 'mine'\n, 2"
        await pilot.press("ctrl+y")
        assert screen.editor.text == EXAMPLES[0].sql


# --- every result of a run ---------------------------------------------------------------


async def test_every_statement_with_rows_has_its_own_tab_of_its_moment(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        script = (
            "CREATE TABLE t AS SELECT range AS n FROM range(5000);\n"
            "SELECT * FROM t ORDER BY n DESC;\n"
            "DELETE FROM t WHERE n >= 10;\n"
            "SELECT count(*) AS left_over FROM t;\n"
            "SELECT 'last' AS x"
        )
        screen.load_query(script)
        await run(pilot, screen, key="shift+f5")
        pane = screen.pane
        views = pane.views
        assert [v.result.index for v in views] == [1, 3, 4]
        assert pane.active is views[-1] and screen.results.values == [("last",)]
        log = str(pane.query_one("#results-log").render())
        assert "statement 1: CREATE ok: 5,000 rows" in log and "statement 3: DELETE ok" in log
        strip = pane.query_one("#result-tabs", TabStrip)
        assert strip.display and "statement 2 · 5,000 rows" in strip.plain
        screen.results.focus()
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert pane.active is views[0]
        # The SELECT before the DELETE kept the rows of its moment: all 5,000.
        assert status(screen).startswith("statement 2 of 5 · 5,000 rows")
        assert first_cell(screen) == "4,999"
        await pilot.press("ctrl+end")
        await until(pilot, lambda: screen.results.cursor_row == 4999)
        await until(pilot, lambda: screen.results.pages.row(4999) == (0,))
        await pilot.press("right_square_bracket")
        assert pane.active is views[1] and screen.results.values == [(10,)]
        await pilot.click(strip, offset=(strip.plain.index("statement 5") + 1, 0))
        await until(pilot, lambda: pane.active is views[2])


async def test_the_total_count_comes_after_the_first_rows_and_shows(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, BIG)
        finished = seen.index(await wait_for(pilot, seen, ConsoleScreen.QueryFinished))
        count = await wait_for(pilot, seen, ConsoleScreen.CountFinished)
        assert seen.index(count) > finished  # the first rows never wait for the count
        assert count.total == 10_000_000
        await until(pilot, lambda: "10,000,000 rows" in status(screen))
        assert screen.pane.position_text.startswith("row 1 of 10,000,000")
        assert screen.results.pages.count < 10_000  # counting fetched nothing


async def test_ctrl_end_and_go_to_row_reach_any_row_of_ten_million(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, BIG)
        table = screen.results
        table.focus()
        await pilot.press("ctrl+end")
        copied = await wait_for(pilot, seen, ConsoleScreen.ResultCopied)
        assert copied.error is None and copied.target == -1
        assert table.cursor_row == 9_999_999 and table.pages.row(9_999_999) == (9_999_999,)
        await until(pilot, lambda: "9,999,999" in table.render_line(table.size.height - 1).text)
        assert screen.pane.position_text.startswith("row 10,000,000 of 10,000,000")
        await pilot.press("g")
        await answer(pilot, app, "5,000,001")
        await until(pilot, lambda: table.cursor_row == 5_000_000)
        await until(pilot, lambda: table.pages.row(5_000_000) == (5_000_000,))
        assert len(table.pages.at_hand()) <= 10_000 and table.pages.max_pages < 2000
        await pilot.press("ctrl+home")
        await until(pilot, lambda: table.pages.row(0) == (0,))


async def test_sort_and_filter_run_in_duckdb_and_the_buffer_keeps_its_sql(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, BIG)
        screen.results.focus()
        await pilot.press("s")
        await wait_for(pilot, seen, ConsoleScreen.ViewFinished)
        await pilot.press("s")
        done = await wait_for(pilot, seen, ConsoleScreen.ViewFinished, 2)
        assert done.outcome is not None and done.view.sort == ("range", True)
        assert screen.results.values[0] == (9_999_999,)
        wrapping = str(screen.pane.active.query_one(".result-wrapping").render())
        assert 'ORDER BY "range" DESC' in wrapping and "‹your query›" in wrapping
        assert screen.editor.text == BIG
        assert "10,000,000 rows" in status(screen)  # a sort keeps the count it had
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, FilterInput))
        await type_text(pilot, "range % 1000000 = 7")
        await pilot.press("enter")
        await wait_for(pilot, seen, ConsoleScreen.ViewFinished, 3)
        assert [r[0] for r in screen.results.values][:3] == [9_000_007, 8_000_007, 7_000_007]
        await until(pilot, lambda: "10 rows" in status(screen))
        await pilot.press("equals_sign")  # only the value under the cursor
        await wait_for(pilot, seen, ConsoleScreen.ViewFinished, 4)
        assert screen.results.values == [(9_000_007,)]
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, FilterInput))
        app.focused.value = ""
        await pilot.press("enter")  # an empty filter clears it
        await wait_for(pilot, seen, ConsoleScreen.ViewFinished, 5)
        await pilot.press("s")  # the third s: unsorted, the result as it came
        await until(pilot, lambda: screen.pane.active.view.is_plain)
        assert screen.results.values[0] == (0,) and screen.editor.text == BIG


async def test_escape_cancels_a_count_and_a_sort_that_never_end(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, ENDLESS_ROWS)
        view = screen.pane.active
        await until(pilot, lambda: view is not None and view._counting)
        assert "counting" in status(screen)
        await pilot.press("escape")
        count = await wait_for(pilot, seen, ConsoleScreen.CountFinished)
        assert count.total is None and count.error == "cancelled"
        await until(pilot, lambda: "count cancelled" in status(screen))
        screen.results.focus()
        await pilot.press("s")
        await until(pilot, lambda: "sorting" in status(screen))
        await pilot.press("escape")
        ended = await wait_for(pilot, seen, ConsoleScreen.ViewFinished)
        assert ended.cancelled
        await until(pilot, lambda: "sort cancelled" in status(screen))
        assert screen.results.values[:2] == [(0,), (1,)]  # still the rows it had
        await run(pilot, screen, "SELECT 'alive' AS state")
        assert screen.results.values == [("alive",)]


# --- what the grid shows ------------------------------------------------------------------


async def test_numbers_read_well_and_the_exact_value_is_a_key_away(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(
            pilot,
            screen,
            "SELECT * FROM (VALUES (1235000000::DOUBLE, 79.6::DOUBLE, 1234567.891::DOUBLE, "
            "12.5::DECIMAL(18,3), 2021, NULL::VARCHAR, ''), "
            "(7785000000, 0.0123, 1.0, 0, 1999, 'NULL', 'x')) "
            "t(revenue, share, d, dec, year, maybe, empty)",
        )
        table = screen.results
        header, first, second = (table.render_line(i).text for i in range(3))
        assert "1,235,000,000" in first and "7,785,000,000" in second
        assert "79.6000" in first and "0.0123" in second  # one number of decimals a column
        assert "1,234,567.891" in first and "12.500" in first and " 2021 " in first
        # Right-aligned: the numbers end where the column's header does.
        end = header.index("revenue double") + len("revenue double")
        assert first[:end].endswith("1,235,000,000")
        # NULL is drawn apart from the text 'NULL' (dim italic) and from an empty string.
        null_style = table.render_line(1)._segments
        styles = {seg.text.strip(): seg.style for seg in null_style if seg.text.strip()}
        assert styles["NULL"].italic
        table.focus()
        table.move_cursor(row=0, column=2)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellScreen))
        assert str(app.screen.query_one("#cell-value").render()) == "1234567.891"


async def test_ctrl_w_and_ctrl_e_edit_in_the_find_line_as_in_any_input(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("SELECT 1")
        await pilot.press("ctrl+f")
        await type_text(pilot, "two words")
        await pilot.press("ctrl+w")  # deletes a word, closes no buffer
        field = screen.query_one("#find-text", Input)
        assert field.value == "two " and len(screen.buffers.editors) == 1
        await pilot.press("home", "ctrl+e")  # to the end, exports nothing
        assert field.cursor_position == len(field.value) and app.screen is screen


async def test_a_click_on_a_header_sorts_by_that_column(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT * FROM (VALUES (1, 'b'), (2, 'a'), (3, 'c')) t(n, s)")
        table = screen.results
        header = table.render_line(0).text
        await pilot.click(table, offset=(header.index("s text") + 1, 0))
        done = await wait_for(pilot, seen, ConsoleScreen.ViewFinished)
        assert done.view.sort == ("s", False)
        assert screen.results.values == [(2, "a"), (1, "b"), (3, "c")]


async def test_s_twice_while_the_first_sort_runs_asks_for_descending(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, BIG)
        screen.results.focus()
        await pilot.press("s", "s")  # the second builds on the first, running or done
        tab = screen.pane.active
        assert tab is not None and tab.wanted.sort == ("range", True)
        await until(pilot, lambda: tab.view.sort == ("range", True) and not tab.busy)
        await until(pilot, lambda: screen.results.values[:1] == [(9_999_999,)])
