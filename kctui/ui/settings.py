"""The user's settings in the running app: the config file's theme and keymap, checked
and applied; the theme chosen in the palette saved back; where screenshots go.

A problem Textual alone can see (a theme that does not exist, a keymap entry for a
binding id no screen has) is reported like a problem in the file itself: one line,
``file:line: key: problem``, and the app runs with the defaults. Binding ids are the
ones the help screen lists (:data:`kctui.ui.screens.help.BINDING_IDS`; a test checks
that every binding of kctui is there), so checking them imports no screen.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.theme import Theme

from kctui.core.config import Config, ConfigError, save_setting
from kctui.core.paths import screenshot_dir

if TYPE_CHECKING:
    from kctui.ui.app import KctuiApp


def checked(
    app: KctuiApp, config: Config, error: ConfigError | None
) -> tuple[Config, ConfigError | None]:
    """The settings to use and the problem found, if any (then: the defaults)."""
    if error is not None:
        return Config(config.path), error
    if config.theme and config.theme not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        return Config(config.path), config.problem(
            "theme", f"no theme {config.theme!r} (there are: {names})"
        )
    from kctui.ui.screens.help import BINDING_IDS

    for binding_id in config.keymap:
        if binding_id not in BINDING_IDS:
            return Config(config.path), config.problem(
                f"keymap.{binding_id}",
                "no key has this binding id (the README's Settings section lists them)",
            )
    return config, None


def apply(app: KctuiApp) -> None:
    """Once the app runs: the keymap, the config file's problem said, theme changes saved."""
    if app.settings.keymap:
        app.set_keymap(app.settings.keymap)
    if app.config_problem:
        app.notify(
            f"{app.config_problem} (kctui uses its default settings)",
            title="Settings",
            severity="warning",
            timeout=12,
            markup=False,
        )
    app.theme_changed_signal.subscribe(app, lambda theme: _theme_chosen(app, theme))


def _theme_chosen(app: KctuiApp, theme: Theme) -> None:
    """The user picked a theme (the palette): keep it for the next launch."""
    if theme.name == app.settings.theme:
        return
    try:
        path = save_setting("theme", theme.name, app.settings.path)
    except ConfigError as exc:
        app.notify(f"Theme not saved: {exc}", title="Settings", severity="warning", markup=False)
        return
    app.settings = dataclasses.replace(app.settings, theme=theme.name)
    app.notify(f"Theme {theme.name} saved in {path}", title="Settings", timeout=4, markup=False)


def save_screenshot(app: KctuiApp, filename: str | None, path: str | None) -> str | None:
    """An SVG of the screen in ``path`` or :func:`screenshot_dir`; says where (or why not)."""
    folder = Path(path).expanduser() if path else screenshot_dir()
    name = filename or f"kctui-{time.strftime('%Y-%m-%d_%H-%M-%S')}.svg"
    try:
        saved = app.save_screenshot(name, str(folder))
    except OSError as exc:
        app.notify(
            f"Screenshot not saved: cannot write {folder / name}: {exc.strerror or exc}",
            title="Screenshot",
            severity="error",
            timeout=8,
            markup=False,
        )
        return None
    app.notify(f"Screenshot saved to {saved}", title="Screenshot", timeout=6, markup=False)
    return saved
