"""Settings that persist and keys a user can see and change, driven with Pilot: the config
file's theme and keymap, a bad config file, the palette's theme saved, screenshots, the
palette without duplicates, the Keys panel, the help screen against every binding, and
maximise saying how to come back.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import DataTable, HelpPanel, Input

import kctui.ui
from kctui.core.config import load
from kctui.ui import create_app
from kctui.ui.app import KctuiApp
from kctui.ui.console.dialogs import ExportScreen
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.screens.help import BINDING_IDS, ROWS, HelpScreen
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.title_bar import TitleBar
from tests.ui.conftest import until
from tests.ui.test_console import console, run


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def dashboard(pilot, app) -> DashboardScreen:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.data)
    return app.screen  # type: ignore[return-value]


def all_bindings() -> list[tuple[str, Binding]]:
    """Every Binding declared by a class of kctui.ui."""
    found = []
    for info in pkgutil.walk_packages(kctui.ui.__path__, "kctui.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and issubclass(cls, DOMNode)
                and cls.__module__ == module.__name__
                and "BINDINGS" in cls.__dict__
            ):
                for binding in cls.__dict__["BINDINGS"]:
                    assert isinstance(binding, Binding), (cls, binding)
                    found.append((f"{cls.__module__}.{cls.__name__}", binding))
    return found


def test_every_binding_has_a_stable_id_and_a_line_in_the_help() -> None:
    bindings = all_bindings()
    assert len(bindings) > 60
    listed = {i for row in ROWS for i in row.ids}
    for where, binding in bindings:
        assert binding.id, f"{where}: {binding.key} has no id"
        assert BINDING_IDS.get(binding.id) == binding.key, f"{where}: {binding.id}"
        assert binding.id in listed, f"{where}: {binding.id} is in no help row"
    ids = {b.id for _, b in bindings}
    assert set(BINDING_IDS) == ids  # nothing listed that no longer exists
    assert listed <= ids


async def test_config_theme_and_keymap_apply_and_help_shows_the_users_keys(
    db_path: Path, tmp_path: Path
) -> None:
    config_file(tmp_path, 'theme = "nord"\n[keymap]\nconsole_run = "f9"\n')
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "nord" and app.config_problem is None
        screen = await console(pilot, app)
        screen.load_query("SELECT 6 AS six")
        await run(pilot, screen, key="f9")
        assert screen.results.values == [(6,)]
        await pilot.press("tab")  # out of the editor, where ? is text
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one(DataTable)
        keys = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "f9 (yours)" in keys and "f5 / ctrl+j" not in keys


@pytest.mark.parametrize(
    "text, line, key",
    [
        ("theme = nord\n", 1, "theme"),
        ('theme = "no-such-theme"\n', 1, "theme"),
        ('\n[keymap]\nno_such_binding = "f6"\n', 3, "keymap.no_such_binding"),
        ('theme = "nord"\ncolours = 3\n', 2, "colours"),
    ],
)
async def test_a_bad_config_file_is_one_line_and_kctui_starts_with_defaults(
    db_path: Path, tmp_path: Path, text: str, line: int, key: str
) -> None:
    path = config_file(tmp_path, text)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        problem = app.config_problem
        assert problem is not None and problem.startswith(f"{path}:{line}: {key}: ")
        assert "\n" not in problem
        assert app.theme == "textual-dark" and app.settings.keymap == {}
        assert any(problem in str(n.message) for n in app._notifications)
    assert path.read_text() == text  # never rewritten


async def test_the_theme_chosen_in_the_palette_persists(db_path: Path, tmp_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        app.theme = "dracula"  # what the palette's Theme entry does
        await until(pilot, lambda: load()[0].theme == "dracula")
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        assert app.theme == "dracula"
    # A launch's own theme (kctui --theme) is for that launch only.
    app = create_app(db_path, theme="nord")
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        assert app.theme == "nord"
    assert load()[0].theme == "dracula"


async def test_a_screenshot_goes_to_a_folder_that_exists_and_says_which_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no Pictures, no Downloads
    monkeypatch.delenv("XDG_PICTURES_DIR", raising=False)
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(tmp_path)
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        saved = app.deliver_screenshot()
        assert saved is not None and Path(saved).parent == tmp_path and Path(saved).exists()
        await until(pilot, lambda: any(saved in str(n.message) for n in app._notifications))
        pictures = home / "Pictures"
        pictures.mkdir()
        monkeypatch.setenv("XDG_PICTURES_DIR", str(pictures))
        again = app.deliver_screenshot()
        assert again is not None and Path(again).parent == pictures


async def test_a_screenshot_in_a_browser_page_goes_to_the_browser(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under kctui serve a folder on the server is out of the reader's reach: Textual's
    # own delivery sends the SVG to the browser, which opens it.
    monkeypatch.setattr(KctuiApp, "is_web", property(lambda self: True))
    monkeypatch.chdir(tmp_path)
    app = create_app(db_path)
    delivered: list[dict[str, object]] = []

    def deliver_text(handle: object, **kwargs: object) -> str:
        delivered.append(kwargs)
        return "key"

    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(120, 40)) as pilot:
        await dashboard(pilot, app)
        assert app.deliver_screenshot() == "key"
    ((kwargs,),) = [delivered]
    assert kwargs["open_method"] == "browser" and kwargs["mime_type"] == "image/svg+xml"
    assert not list(tmp_path.glob("*.svg"))


async def test_the_palette_lists_each_command_once(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot, app)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert len(titles) == len(set(titles))
        assert "Keys" not in titles and "Maximize" not in titles
        assert "Help: every key" in titles and "Maximise or restore panel" in titles
        console_screen = await console(pilot, app)
        console_titles = [c.title for c in app.get_system_commands(console_screen)]
        assert len(console_titles) == len(set(console_titles))
        assert console_titles.count("Maximise") == 1 and "Keys" not in console_titles


async def test_the_keys_panel_lies_over_the_screen_and_escape_closes_it(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot, app)
        panels = [p.region for p in screen.query("Panel")]
        await pilot.press("f1")
        await until(pilot, lambda: bool(screen.query(HelpPanel)))
        await pilot.pause()
        assert [p.region for p in screen.query("Panel")] == panels  # nothing squeezed
        await pilot.press("escape")
        await until(pilot, lambda: not screen.query(HelpPanel))
        assert app.screen is screen and app.is_running


async def test_help_fits_80x24_with_its_title_and_every_row(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await dashboard(pilot, app)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        help_screen = app.screen
        title = help_screen.query_one("#help-title").region
        table = help_screen.query_one(DataTable)
        assert title.height == 1 and title.y >= 0 and title.bottom <= 24
        assert table.region.y > title.y and table.region.bottom <= 24
        assert table.region.right <= 80
        assert table.row_count == len(ROWS)
        assert table.show_vertical_scrollbar  # the table scrolls, under the title
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_maximise_keeps_the_bars_and_says_how_to_restore(db_path: Path) -> None:
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await dashboard(pilot, app)
        await pilot.press("2", "m")
        await until(pilot, lambda: screen.maximized is not None)
        await pilot.pause()
        assert "m or escape restores" in str(screen.sub_title)
        assert screen.query_one(TitleBar).region.height == 1
        assert screen.query_one(KeyBar).region.height == 1
        assert "restores" in screen.query_one(TitleBar).render().plain
        await pilot.press("escape")
        await until(pilot, lambda: screen.maximized is None)
        assert screen.sub_title is None


async def test_the_export_dialog_starts_in_the_configured_folder(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    config_file(tmp_path, f'[console]\nexport_dir = "{folder}"\n')
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await console(pilot, app)
        await run(pilot, screen, "SELECT 1 AS one")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await until(pilot, lambda: bool(app.screen.query(Input)))
        assert app.screen.query_one(Input).value == str(folder / "kctui-result.csv")
        await pilot.press("enter")
        await until(pilot, lambda: (folder / "kctui-result.csv").exists())
