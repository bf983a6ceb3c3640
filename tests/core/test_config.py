"""config.toml: parsed with tomllib, every problem one line naming file, line and key;
one setting rewritten in place, atomically, the rest of the file kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from kctui.core import config
from kctui.core.config import Config, ConfigError, load, parse, save_setting


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    cfg, error = load(tmp_path / "none.toml")
    assert error is None and cfg.theme is None and cfg.keymap == {} and cfg.export_dir is None


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '# mine\ntheme = "nord"\n\n[keymap]\nconsole_run = "f5, ctrl+enter"\n'
        '[console]\nexport_dir = "~/exports"\n',
    )
    cfg, error = load(path)
    assert error is None
    assert cfg.theme == "nord"
    assert cfg.keymap == {"console_run": "f5,ctrl+enter"}
    assert cfg.export_dir == Path("~/exports").expanduser()
    assert cfg.lines["theme"] == 2 and cfg.lines["keymap.console_run"] == 5
    assert cfg.problem("keymap.console_run", "x").line == 5


@pytest.mark.parametrize(
    "text, line, key, words",
    [
        ('theme = "nord"\ncolour = "red"\n', 2, "colour", "unknown setting"),
        ("theme = nord\n", 1, "theme", "not valid TOML"),
        ('theme = "a"\n[keymap]\nconsole_run = 5\n', 3, "keymap.console_run", "keys in quotes"),
        ("[console]\nexport_dir = 3\n", 2, "console.export_dir", "folder"),
        ('[console]\nfolder = "x"\n', 2, "console.folder", "unknown setting"),
        ('keymap = "f5"\n', 1, "keymap", "must be a table"),
        ("theme = ''\n", 1, "theme", "theme name"),
        ('[keymap]\nconsole_run = "f5"\nconsole_run = "f6"\n', 3, "console_run", "TOML"),
    ],
)
def test_a_bad_file_is_one_line_and_the_defaults(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    cfg, error = load(path)
    assert error is not None
    assert cfg == Config(path)  # the defaults
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line}: {key}: "), message
    assert words in message


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe theme")
    cfg, error = load(path)
    assert error is not None and str(path) in str(error) and cfg.theme is None


def test_save_setting_replaces_the_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, '# my notes\ntheme = "nord"   # old\n\n[keymap]\nquit = "ctrl+x"\n')
    save_setting("theme", "dracula", path)
    text = path.read_text()
    assert text == '# my notes\ntheme = "dracula"\n\n[keymap]\nquit = "ctrl+x"\n'
    assert parse(text, path).theme == "dracula"


def test_save_setting_adds_before_the_first_table_or_creates_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\nquit = "ctrl+x"\n')
    save_setting("theme", 'we"ird', path)
    cfg = parse(path.read_text(), path)
    assert cfg.theme == 'we"ird' and cfg.keymap == {"quit": "ctrl+x"}
    fresh = tmp_path / "sub" / "config.toml"
    save_setting("theme", "nord", fresh)
    assert parse(fresh.read_text(), fresh).theme == "nord"
    assert fresh.read_text().startswith("#")
    assert [p.name for p in fresh.parent.iterdir()] == ["config.toml"]


def test_save_setting_never_rewrites_a_broken_file(tmp_path: Path) -> None:
    path = write(tmp_path, "theme = \n")
    with pytest.raises(ConfigError):
        save_setting("theme", "nord", path)
    assert path.read_text() == "theme = \n"


def test_save_setting_into_an_unwritable_place_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match=r"cannot (read|write)"):
        save_setting("theme", "nord", blocker / "config.toml")


def test_config_path_follows_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    assert config.config_path() == tmp_path / "cfg" / "config.toml"
