"""The SQL console, driven with Pilot: run, cancel, errors, scratch tables, history,
export, schema insert, completion; and a property test that throws random text and
keys at it.

Every test gets its own history directory (KCTUI_USER_DATA_DIR) so runs never leak into
each other, and the curated file is checked byte for byte where a test could touch it.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from kctui.core.queries import EXAMPLES
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.console.dialogs import CellScreen, ConfirmScreen, ExportScreen, HistoryScreen
from kctui.ui.console.editor import CompletionList
from kctui.ui.console.error_box import ErrorBox
from kctui.ui.console.schema import SchemaTree
from kctui.ui.console.screen import ConsoleScreen
from kctui.ui.widgets.line_grid import PADDING
from tests.ui.conftest import until


@pytest.fixture(autouse=True)
def _own_history(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "userdata"
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(home))
    return home


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def console(pilot: Pilot, app: KctuiApp) -> ConsoleScreen:
    """Switch to the console and wait for its schema and completion to load."""
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
    screen: ConsoleScreen = app.screen  # type: ignore[assignment]
    await until(pilot, lambda: screen.editor.completer is not None)
    return screen


def status(screen: ConsoleScreen) -> str:
    return screen.pane.status_text


def message(screen: ConsoleScreen) -> str:
    return screen.pane.message_text


def error_text(screen: ConsoleScreen) -> str:
    return screen.query_one(ErrorBox).text


async def run(pilot: Pilot, screen: ConsoleScreen, sql: str | None = None, key: str = "f5") -> None:
    """Put ``sql`` in the editor (cursor at its end), press ``key``, wait for the outcome."""
    if sql is not None:
        screen.load_query(sql)
    previous = screen.state.run
    await pilot.press(key)
    await until(pilot, lambda: screen.state.run is not previous and not screen.state.busy)
    await pilot.pause()


async def test_f2_toggles_between_dashboard_and_console(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        assert app.focused is screen.editor
        await pilot.press("f2")
        await pilot.pause()
        assert app.current_mode == "dashboard"
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen


async def test_q_and_question_mark_are_text_in_the_editor(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("")
        await pilot.press("q", "question_mark", "Q")
        await pilot.pause()
        assert screen.editor.text == "q?Q"
        assert app.is_running and app.screen is screen


async def test_run_with_f5_and_ctrl_j(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT period, revenue FROM annual_results ORDER BY period")
        table = screen.results
        assert table.columns == ("period", "revenue")
        assert table.values[0][0] == "FY2017"
        assert status(screen).startswith(f"{table.row_count} rows")
        await run(pilot, screen, "SELECT 42 AS answer", key="ctrl+j")
        assert screen.results.values == [(42,)] and status(screen).startswith("1 row ")


async def test_runs_the_statement_under_the_cursor(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("SELECT 1 AS first;\nSELECT 2 AS second;")
        screen.editor.move_cursor((0, 3))
        await run(pilot, screen)
        assert screen.results.columns == ("first",)
        screen.editor.move_cursor((1, 18))  # after the last ';'
        await run(pilot, screen)
        assert screen.results.columns == ("second",)


async def test_runs_the_selection(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("SELECT 'x' AS not_this;\nSELECT 'y' AS this_one;")
        screen.editor.move_cursor((0, 2))
        await pilot.press("down", "home", "shift+end")  # select the second line
        await run(pilot, screen)
        assert screen.results.columns == ("this_one",)
        assert screen.results.values == [("y",)]


async def test_several_statements_run_in_order_and_the_last_result_shows(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        sql = (
            "CREATE TABLE my_years AS SELECT period FROM annual_results;\n"
            "DELETE FROM my_years WHERE period < 'FY2020';\n"
            "SELECT count(*) AS n FROM my_years;"
        )
        screen.load_query(sql)
        screen.editor.select_all()
        await run(pilot, screen)
        expected = screen.db.query(
            "SELECT count(*) FROM annual_results WHERE period >= 'FY2020'"
        ).rows[0][0]
        assert screen.results.values == [(expected,)]
        assert status(screen).startswith("statement 3 of 3 · 1 row")
        # shift+f5 runs everything without a selection, too.
        screen.load_query("SELECT 1 AS a;\nSELECT 2 AS b;")
        screen.editor.move_cursor((0, 0))
        await run(pilot, screen, key="shift+f5")
        assert screen.results.columns == ("b",)


NEVER_ENDS = "SELECT sum(hash(range)) FROM range(9223372036854775807)"
"""A query that cannot finish by itself on any machine (centuries of hashing)."""


async def test_escape_cancels_a_running_query(db_path: Path) -> None:
    seen: list[object] = []
    app = create_app(db_path)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await console(pilot, app)
        screen.load_query(NEVER_ENDS)
        await pilot.press("f5")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.QueryStarted) for m in seen))
        assert screen.state.executing  # it cannot have finished: it never does
        assert "Running" in status(screen)
        await pilot.press("escape")
        await until(pilot, lambda: any(isinstance(m, ConsoleScreen.QueryCancelled) for m in seen))
        await until(pilot, lambda: not screen.state.busy)
        assert not any(isinstance(m, ConsoleScreen.QueryFinished) for m in seen)
        assert "Cancelled" in status(screen) and "Cancelled" in message(screen)
        assert "succeeded" not in status(screen) and "row" not in status(screen)
        # The editor still works.
        await pilot.press("end", "space", "x")
        assert screen.editor.text.endswith(" x")
        await run(pilot, screen, "SELECT 1 AS still_alive")
        assert screen.results.values == [(1,)]
        assert screen.history is not None
        assert [e.status for e in screen.history.entries][-2:] == ["cancelled", "ok"]


async def test_escape_with_nothing_running_does_nothing(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.is_running


async def test_error_shows_message_and_position_and_moves_the_cursor(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("SELECT 1;\nSELECT 1,\n  2 +  FROM x;")
        screen.editor.move_cursor((2, 3))
        await run(pilot, screen)
        text = error_text(screen)
        assert "line 3, column 8" in text
        assert "syntax error" in text and "LINE 2" in text
        assert screen.editor.cursor_location == (2, 7)
        assert "Failed" in status(screen)
        # A good run clears the error.
        await run(pilot, screen, "SELECT 1")
        assert error_text(screen) == ""


@pytest.mark.parametrize(
    "sql, expect",
    [
        ("SELECT * FROM no_such_table", "does not exist"),
        ("SELECT 'a' + 1", "Binder Error"),
        ("SELECT CAST('x' AS INTEGER)", "Conversion Error"),
    ],
)
async def test_errors_of_every_kind_are_shown(db_path: Path, sql: str, expect: str) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, sql)
        assert expect in error_text(screen)
        assert app.is_running


async def test_writes_to_the_curated_database_are_refused(db_path: Path) -> None:
    before = sha(db_path)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        for sql in (
            "DELETE FROM kc.facts",
            "DROP TABLE kc.sources",
            "DELETE FROM facts",
            "CREATE TABLE kc.main.x (a INT)",
        ):
            await run(pilot, screen, sql)
            text = error_text(screen)
            assert "read-only" in text and "scratch" in text, sql
    assert sha(db_path) == before


async def test_create_table_in_scratch_shows_in_the_schema(db_path: Path) -> None:
    before = sha(db_path)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "CREATE TABLE my_rounds AS FROM financing_rounds")
        assert "CREATE ok" in message(screen)
        tree = screen.query_one(SchemaTree)

        def names() -> list[str]:
            memory = next(n for n in tree.root.children if n.data and n.data.name == "memory")
            return [n.data.name for n in memory.children if n.data]

        await until(pilot, lambda: "my_rounds" in names())
        await run(pilot, screen, "SELECT count(*) FROM my_rounds")
        assert screen.results.values[0][0] > 0
    assert sha(db_path) == before


async def test_null_empty_string_numbers_and_markup_are_shown_literally(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(
            pilot,
            screen,
            "SELECT NULL AS n, '' AS e, 12345 AS i, '[bold]x[/] \x1b[31m' AS markup, '中文' AS cjk",
        )
        table = screen.results
        header = table.render_line(0).text
        row = table.render_line(1).text
        assert "n " in header and "cjk" in header
        assert "NULL" in row and "[bold]x[/]" in row and "\x1b" not in row and "␛" in row

        # Each cell sits in its column: numbers flush right, text flush left, an empty
        # string as nothing at all, CJK measured in cells.
        def cell(index: int) -> str:
            x0 = table._offsets[index] + PADDING
            return row[x0 : x0 + table._widths[index]]

        widths = table._widths
        assert cell(0) == "NULL".ljust(widths[0])
        assert cell(1) == " " * widths[1]
        assert cell(2) == "12,345".rjust(widths[2])
        assert cell(3).startswith("[bold]x[/] ␛[31m")
        assert "cjk" in header and row.rstrip().endswith("中文")
        assert table.values[0][:2] == (None, "")


async def test_huge_result_streams_and_pages(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT * FROM range(10_000_000)")
        table = screen.results
        assert table.row_count == 200  # the first page; the rest streams as it is wanted
        table.focus()
        await pilot.press("pagedown")
        for _ in range(8):
            await pilot.press("pagedown")
        await until(pilot, lambda: table.pages.count > 200)
        first = screen.state.run
        await run(pilot, screen, "SELECT 1")
        await until(pilot, lambda: first is not None and first._closed)


async def test_history_persists_across_two_app_instances(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 'remember me' AS m")
        await run(pilot, screen, "SELECT * FROM nope")
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        dialog = app.screen
        options = dialog.query_one(OptionList)
        assert options.option_count == 2
        await pilot.press(*"remember")
        await pilot.pause()
        assert options.option_count == 1
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        assert screen.editor.text == "SELECT 'remember me' AS m"
        # f5 in the dialog loads and runs.
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press(*"remember", "f5")
        await until(
            pilot,
            lambda: (
                app.screen is screen and not screen.state.busy and screen.results.row_count == 1
            ),
        )
        assert screen.results.values == [("remember me",)]


async def test_unwritable_history_directory_notifies_and_never_crashes(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(blocker))
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 1")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert any("history not saved" in n for n in notes)
        assert screen.results.values == [(1,)] and app.is_running
    assert blocker.read_text() == "x"


async def export_via_dialog(pilot: Pilot, app: KctuiApp, path: Path, fmt_key: str = "") -> None:
    await pilot.press("ctrl+e")
    await until(pilot, lambda: isinstance(app.screen, ExportScreen))
    field = app.screen.query_one(Input)
    field.value = str(path)
    await pilot.pause()
    await pilot.press("enter")


async def test_export_writes_and_asks_before_overwriting(db_path: Path, tmp_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT period, revenue FROM annual_results ORDER BY period")
        rows = screen.results.row_count
        target = tmp_path / "years.csv"
        await export_via_dialog(pilot, app, target)
        await until(pilot, lambda: target.exists() and app.screen is screen)
        await until(pilot, lambda: any("Wrote" in str(n.message) for n in app._notifications))
        assert len(target.read_text().splitlines()) == rows + 1
        assert any(str(target) in str(n.message) for n in app._notifications)
        # Again: asks first; "n" keeps the file.
        target.write_text("keep me")
        await export_via_dialog(pilot, app, target)
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause(0.2)
        assert target.read_text() == "keep me"
        # "y" overwrites.
        await export_via_dialog(pilot, app, target)
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: target.read_text().startswith("period,"))
        # Parquet by extension.
        pq = tmp_path / "years.parquet"
        await export_via_dialog(pilot, app, pq)
        await until(pilot, lambda: pq.exists())
        assert pq.read_bytes()[:4] == b"PAR1"


async def test_export_in_a_browser_page_is_a_download(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As under kctui serve (Textual's web driver): a file here would be out of the
    # reader's reach, so the result goes to the browser through deliver_binary.
    monkeypatch.setattr(KctuiApp, "is_web", property(lambda self: True))
    delivered: list[tuple[str, bytes, Path]] = []
    app = create_app(db_path)

    def deliver_binary(handle, *, save_filename: str, **kwargs: object) -> str:
        delivered.append((save_filename, handle.read(), Path(handle.name)))
        handle.close()
        return "key"

    monkeypatch.setattr(app, "deliver_binary", deliver_binary)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT period, revenue FROM annual_results ORDER BY period")
        rows = screen.results.row_count
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        field = app.screen.query_one(Input)
        assert field.value == "kctui-result.csv"  # a name, not a path on the server
        field.value = str(tmp_path / "years.csv")  # a folder typed in is dropped
        await pilot.press("enter")
        await until(pilot, lambda: any("Wrote" in str(n.message) for n in app._notifications))
    ((name, data, written),) = delivered
    assert name == "years.csv"
    assert len(data.decode().splitlines()) == rows + 1
    assert not (tmp_path / "years.csv").exists()  # nothing written where the name pointed
    assert not written.parent.exists()  # the temporary copy is gone
    notes = [str(n.message) for n in app._notifications]
    assert any(f"Wrote {rows:,} rows to the browser as years.csv" in n for n in notes)


async def test_export_to_an_unwritable_path_says_so(db_path: Path, tmp_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 1 AS a")
        blocker = tmp_path / "file"
        blocker.write_text("x")
        await export_via_dialog(pilot, app, blocker / "out.csv")
        await until(
            pilot, lambda: any("Export failed" in str(n.message) for n in app._notifications)
        )
        note = [str(n.message) for n in app._notifications if "Export failed" in str(n.message)]
        assert "cannot write" in note[0] and str(blocker) in note[0]
        assert app.is_running and blocker.read_text() == "x"


async def test_export_without_a_result_says_what_to_do(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen is screen
        assert any("Run a query" in str(n.message) for n in app._notifications)


async def test_schema_enter_inserts_a_name_and_shows_comments(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("SELECT * FROM ")
        tree = screen.query_one(SchemaTree)
        tree.focus()
        await pilot.pause()
        target = next(
            n for n in tree.root.children[0].children if n.data and n.data.name == "sources"
        )
        tree.move_cursor(target)
        await pilot.pause()
        description = str(screen.query_one("#schema-description").render())
        assert description.startswith("kc.sources (table)")
        comment = screen.db.query(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'sources'"
        ).rows[0][0]
        assert comment and comment[:20] in description
        await pilot.press("enter")
        await pilot.pause()
        assert screen.editor.text == "SELECT * FROM sources"
        assert app.focused is screen.editor
        # Columns: expand the table, go to its first column, insert it.
        tree.focus()
        tree.move_cursor(target)
        await pilot.press("space", "down", "enter")
        await pilot.pause()
        first_column = target.children[0].data.name
        assert screen.editor.text == f"SELECT * FROM sources{first_column}"


async def test_completion_dropdown_accepts_with_tab_and_enter(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        screen.load_query("")
        dropdown = screen.query_one(CompletionList)
        await pilot.press(*"SELECT * FROM financ")
        await until(pilot, lambda: dropdown.is_open)
        assert dropdown.current is not None and dropdown.current.label == "financing_rounds"
        await pilot.press("tab")
        await pilot.pause()
        assert screen.editor.text == "SELECT * FROM financing_rounds"
        assert not dropdown.is_open and app.focused is screen.editor
        # Columns of the table, after a comma, accepted with enter.
        screen.load_query("SELECT  FROM financing_rounds")
        screen.editor.move_cursor((0, 7))
        await pilot.press("i", "n", "v")
        await until(pilot, lambda: dropdown.is_open)
        assert dropdown.current.label == "investors"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.editor.text == "SELECT investors FROM financing_rounds"
        # escape closes it and leaves the text alone; ctrl+space opens it on demand.
        screen.load_query("SELECT * FROM ")
        await pilot.press("ctrl+space")
        await until(pilot, lambda: dropdown.is_open)
        await pilot.press("escape")
        await pilot.pause()
        assert not dropdown.is_open and screen.editor.text == "SELECT * FROM "


async def test_tab_moves_between_schema_editor_and_results(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 1")
        screen.editor.focus()
        await pilot.press("tab")
        assert app.focused is screen.results
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, SchemaTree)


async def test_results_keys_copy_and_view_a_cell(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 'a' AS x, 'line1\nline2' AS y, NULL AS z")
        table = screen.results
        table.focus()
        await pilot.press("right", "c")
        assert app.clipboard == "line1\nline2"
        await pilot.press("r")
        assert app.clipboard == "a\tline1\nline2\t"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CellScreen))
        assert "line1\nline2" in str(app.screen.query_one("#cell-value").render())
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_examples_open_in_the_console_and_run(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("open_example(0)")
        await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
        screen: ConsoleScreen = app.screen  # type: ignore[assignment]
        await until(pilot, lambda: screen.state.run is not None and not screen.state.busy)
        assert screen.editor.text == EXAMPLES[0].sql
        assert screen.results.row_count > 0 and error_text(screen) == ""
        commands = [c.title for c in screen.palette_commands()]
        assert "Console: query history" in commands and "Console: export result" in commands


async def test_small_terminal_layout(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT * FROM annual_results")
        assert screen.results.region.height >= 5
        assert screen.editor.region.height >= 4
        assert screen.results.row_count > 0


# --- property: random text and keys never hurt --------------------------------------

KEYS_TO_PRESS = st.sampled_from(
    [
        "f5",
        "ctrl+j",
        "escape",
        "tab",
        "shift+tab",
        "enter",
        "up",
        "down",
        "left",
        "right",
        "backspace",
        "ctrl+space",
        "home",
        "end",
        "space",
        "semicolon",
        "c",
        "r",
        "shift+f5",
        "pagedown",
        "ctrl+end",
        "ctrl+z",
    ]
)
TEXT = st.text(
    alphabet=st.sampled_from([*list("selctfromwhr*();,'\". 01_-\n"), "中", "[", "]", "/"]),
    max_size=16,
)
SQLISH = st.sampled_from(
    [
        "SELECT * FROM facts",
        "DELETE FROM kc.facts",
        "DROP TABLE kc.sources",
        "SELEC",
        "CREATE TABLE t AS SELECT 1 a",
        "SELECT * FROM range(1000000)",
        "SELECT '[/]'",
        "INSERT INTO kc.facts VALUES (1)",
        "DETACH kc",
        "SELECT 1/0",
        "",
    ]
)


class LiveConsole:
    """One app kept running across hypothesis examples, in a thread with its own loop.

    Hypothesis drives plain functions; the app's context must be entered and left in
    one task, so a long-lived task holds it and runs each example sent to it.
    """

    def __init__(self, db_path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._jobs: asyncio.Queue[tuple[Callable[[], Awaitable[None]], Future[None]] | None]
        ready: Future[None] = Future()
        self._main = asyncio.run_coroutine_threadsafe(self._hold(db_path, ready), self.loop)
        ready.result(timeout=60)

    async def _hold(self, db_path: Path, ready: Future[None]) -> None:
        self._jobs = asyncio.Queue()
        self.app = create_app(db_path)
        async with self.app.run_test(size=(100, 30)) as pilot:
            self.pilot = pilot
            self.screen = await console(pilot, self.app)
            ready.set_result(None)
            while (job := await self._jobs.get()) is not None:
                make, done = job
                try:
                    await make()
                except BaseException as exc:  # handed to the test thread
                    done.set_exception(exc)
                else:
                    done.set_result(None)

    def run(self, make: Callable[[], Awaitable[None]]) -> None:
        """Run ``make()`` in the app's loop and wait for it (exceptions come back here)."""
        done: Future[None] = Future()
        self.loop.call_soon_threadsafe(self._jobs.put_nowait, (make, done))
        done.result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self._jobs.put_nowait, None)
        try:
            self._main.result(timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


def test_random_text_and_keys_never_crash_or_write(db_path: Path) -> None:
    before = sha(db_path)
    live = LiveConsole(db_path)
    app, pilot, screen = live.app, live.pilot, live.screen

    async def example(sql: str, text: str, keys: list[str]) -> None:
        while not isinstance(app.screen, ConsoleScreen):
            app.pop_screen()
            await pilot.pause()
        screen.load_query(sql)
        screen.editor.focus()
        await pilot.press(*[c if c != "\n" else "enter" for c in text])
        await pilot.press(*keys)
        previous = screen.state.run
        await pilot.press("shift+f5")
        await until(pilot, lambda: not screen.state.busy, timeout=10)
        assert app.is_running
        if screen.state.run is previous:
            return  # nothing to run (an empty editor): a warning, no run
        entry = screen.history.entries[-1] if screen.history else None
        assert entry is not None and entry.sql == screen.state.text
        if entry.status == "error":
            assert error_text(screen) and "Failed" in status(screen)
        else:
            assert not error_text(screen)
            if entry.status == "cancelled":
                assert "Cancelled" in status(screen)
        if screen.state.text in (
            "DELETE FROM kc.facts",
            "DROP TABLE kc.sources",
            "INSERT INTO kc.facts VALUES (1)",
            "SELEC",
            "DETACH kc",
        ):
            assert entry.status == "error"

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(SQLISH, TEXT, st.lists(KEYS_TO_PRESS, max_size=6))
    def scenario(sql: str, text: str, keys: list[str]) -> None:
        live.run(lambda: example(sql, text, keys))

    try:
        scenario()

        async def still_answers() -> None:
            while not isinstance(app.screen, ConsoleScreen):
                app.pop_screen()
                await pilot.pause()
            await run(pilot, screen, "SELECT 'alive' AS state")
            assert screen.results.values == [("alive",)]

        live.run(still_answers)
    finally:
        live.close()
    assert sha(db_path) == before


async def test_text_rendering_never_parses_markup_in_history(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT '[/]' AS broken_markup")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        preview = app.screen.query_one("#history-preview").render()
        assert "[/]" in str(preview) or isinstance(preview, Text)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
