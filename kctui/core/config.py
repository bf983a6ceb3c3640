"""The user's settings: ``config.toml`` in the user config dir. No Textual here.

```toml
theme = "nord"                      # any theme of the palette's "Theme" list

[keymap]                            # binding id = keys, as Textual's App.set_keymap takes
console_run = "f5,ctrl+enter"
console_export = "ctrl+x"

[console]
export_dir = "~/Documents/exports"  # where the export dialog starts
```

Read with :mod:`tomllib`. A file that does not parse, or holds a key or a value kctui
does not know, is a :class:`ConfigError` naming the file, the line and the key, as one
line; the caller then starts with the defaults (:func:`load` returns them beside the
error), so a typo never keeps kctui from starting. What only the UI can check (that a
theme or a binding id exists) is reported the same way through :meth:`Config.problem`.

Writing is limited to one setting at a time (:func:`save_setting`, used when the theme is
chosen in the palette): the line is replaced or added, the rest of the file (comments,
order) is left as it was, and the file is replaced atomically.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kctui.core.paths import config_dir

FILE_NAME = "config.toml"

HEADER = "# kctui settings: see `kctui config path` and the README's Settings section.\n"


def config_path() -> Path:
    """Where ``config.toml`` is (it need not exist)."""
    return config_dir() / FILE_NAME


class ConfigError(Exception):
    """A problem in the config file, as ``file:line: key: problem``."""

    def __init__(self, path: Path, line: int, key: str, problem: str) -> None:
        super().__init__(f"{path}:{line}: {key}: {problem}")
        self.path, self.line, self.key, self.problem = path, line, key, problem


@dataclass(frozen=True)
class Config:
    """The settings in effect (the defaults when there is no file, or a bad one)."""

    path: Path
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys (comma-separated), overriding the bindings' own keys."""
    export_dir: Path | None = None
    """The console's export folder (``~`` expanded), if set."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each key in the file (``theme``, ``keymap.console_run``...)."""

    def problem(self, key: str, problem: str) -> ConfigError:
        """A :class:`ConfigError` for ``key`` of this file, at the key's line."""
        return ConfigError(self.path, self.lines.get(key, 1), key, problem)


_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each ``key = value`` of ``text``, keyed ``table.key``."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if m := _TABLE.match(line):
            table = m.group(1)
            lines.setdefault(table, number)
            continue
        if m := _KEY.match(line):
            key = m.group(1).strip("\"'")
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


def _decode_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    m = re.search(r"line (\d+)", str(exc))
    line = int(m.group(1)) if m else 1
    source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    key = m2.group(1).strip("\"'") if (m2 := _KEY.match(source)) else "-"
    message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
    return ConfigError(path, line, key, f"{message} (not valid TOML)")


def parse(text: str, path: Path) -> Config:
    """The settings in ``text`` (the content of ``path``); :class:`ConfigError` if bad."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(path, text, exc) from None
    lines = key_lines(text)

    def bad(key: str, problem: str) -> ConfigError:
        return ConfigError(path, lines.get(key, 1), key, problem)

    known = {"theme", "keymap", "console"}
    for key in data:
        if key not in known:
            raise bad(key, f"unknown setting (kctui knows {', '.join(sorted(known))})")
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise bad("theme", "must be a theme name in quotes")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise bad("keymap", 'must be a table: [keymap] then binding_id = "keys"')
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            raise bad(f"keymap.{binding_id}", 'must be keys in quotes, e.g. "f5,ctrl+enter"')
    console = data.get("console", {})
    if not isinstance(console, dict):
        raise bad("console", 'must be a table: [console] then export_dir = "..."')
    for key, value in console.items():
        if key != "export_dir":
            raise bad(f"console.{key}", "unknown setting (the console knows export_dir)")
        if not isinstance(value, str) or not value.strip():
            raise bad("console.export_dir", "must be a folder in quotes")
    export_dir = console.get("export_dir")
    return Config(
        path=path,
        theme=theme.strip() if isinstance(theme, str) else None,
        keymap={str(k): str(v).replace(" ", "") for k, v in keymap.items()},
        export_dir=Path(export_dir).expanduser() if isinstance(export_dir, str) else None,
        lines=lines,
    )


def load(path: Path | None = None) -> tuple[Config, ConfigError | None]:
    """The settings of ``path`` (default: :func:`config_path`), and what was wrong with
    the file if anything: then the settings are the defaults."""
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path), None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return Config(path), ConfigError(path, 1, "-", f"cannot read the file: {reason}")
    try:
        return parse(text, path), None
    except ConfigError as exc:
        return Config(path), exc


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set top-level ``key = "value"`` in the config file, keeping everything else.

    Raises :class:`ConfigError` when the file exists but does not parse (it is left
    alone: the user's text is never rewritten from a guess) or cannot be written.
    """
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = HEADER
    except OSError as exc:
        raise ConfigError(path, 1, key, f"cannot read the file: {exc.strerror or exc}") from None
    parse(text, path)  # refuses to touch a file with an error in it
    new_line = f"{key} = {_toml_string(value)}"
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    first_table = next((i for i, ln in enumerate(lines) if _TABLE.match(ln)), len(lines))
    index = next((i for i in range(first_table) if pattern.match(lines[i])), None)
    if index is not None:
        lines[index] = new_line
    else:
        lines.insert(first_table, new_line)
    _write_atomically(path, "\n".join(lines) + "\n", key)
    return path


def _write_atomically(path: Path, text: str, key: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    except OSError as exc:
        raise ConfigError(path, 1, key, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ConfigError(path, 1, key, f"cannot write: {exc.strerror or exc}") from None


def as_dict(config: Config) -> dict[str, Any]:
    """The settings as plain data (what ``kctui config path`` can print beside the path)."""
    return {
        "theme": config.theme,
        "keymap": dict(config.keymap),
        "export_dir": str(config.export_dir) if config.export_dir else None,
    }
