"""The Textual application: the dashboard and the SQL console as modes.

The app owns only what is global: the database handle, the mode switch (f2), quit,
help, the "terminal too small" guard, the command palette and the user's settings
(:mod:`kctui.ui.settings`: theme, keymap). Each screen gets the database in its
constructor and owns its own bindings and handlers. Make it with
:func:`kctui.ui.create_app`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen

from kctui.core.config import Config, ConfigError, config_path
from kctui.core.dashboard import Dashboard
from kctui.core.db import Database
from kctui.core.queries import EXAMPLES
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.version import __version__

MIN_WIDTH, MIN_HEIGHT = 80, 24


def _find_provider() -> type[Provider]:
    """The palette's figures (imported when the palette first opens, not at start-up)."""
    from kctui.ui.find.provider import FindProvider

    return FindProvider


STARTUP_BACKSTOP = 5.0
"""Seconds after which the GC is back on even if the dashboard never showed its data."""


class KctuiApp(App[int]):
    """kctui: Kingsoft Cloud's financial history, every number traceable."""

    TITLE = "kctui"
    SUB_TITLE = f"Kingsoft Cloud (NASDAQ: KC · HKEX: 3896) · v{__version__}"
    CSS_PATH = "app.tcss"
    # The dashboard is the first screen (get_default_screen) of the default mode, named
    # "dashboard": a launch composes it straight away instead of composing Textual's
    # blank default screen and then switching modes (two more resumes and layouts).
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {_find_provider}
    # kctui draws its own title and key bars: they stay on screen when a panel is
    # maximised (Textual keeps only its Footer), so the way back is always in view.
    ALLOW_IN_MAXIMIZED_VIEW = "TitleBar, KeyBar"
    BINDINGS = [
        # Priority, and awaited below: keys typed right after f2 reach the screen being
        # switched to, not the one being left.
        Binding(
            "f2",
            "toggle_console",
            "Console",
            id="toggle_console",
            priority=True,
            tooltip="Switch between the dashboard and the SQL console",
        ),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("q", "quit", "Quit", show=False, id="quit_q"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key, on one screen"),
        Binding("f1", "toggle_keys_panel", "Keys", show=False, id="keys_panel"),
        # Only while the Keys panel is open (check_action): then escape closes it.
        Binding("escape", "hide_keys_panel", show=False, priority=True, id="keys_panel_close"),
    ]

    def __init__(
        self,
        db: Database,
        *,
        dashboard: Future[Dashboard] | None = None,
        theme: str | None = None,
        config: Config | None = None,
        config_error: ConfigError | None = None,
    ) -> None:
        """``dashboard``: the first dashboard's data, if something already loads it
        (kctui.core.preload); otherwise the dashboard loads its own. ``theme``: this
        launch's theme (``kctui --theme``), over the config file's. ``config``: the
        settings (default: none); ``config_error``: what was wrong with the file."""
        super().__init__()
        self.db = db
        self._preloaded = dashboard
        from kctui.ui import settings

        self.settings, problem = settings.checked(
            self, config or Config(config_path()), config_error
        )
        self.config_problem: str | None = str(problem) if problem else None
        """The config file's problem, as one line (the defaults are in use), if any."""
        self.quit_checks: list[Callable[[], str | None]] = []
        """Asked before quitting; a question to confirm, or ``None`` (screens add theirs)."""
        self.exit_notes: dict[str, str] = {}
        """Lines for the command line to print once the app has gone (where things are)."""
        chosen = theme or self.settings.theme
        if chosen and chosen in self.available_themes:
            self.theme = chosen

    def _new_dashboard(self) -> DashboardScreen:
        # The preloaded data serves the first dashboard only; a later one loads afresh.
        preloaded, self._preloaded = self._preloaded, None
        return DashboardScreen(self.db, preloaded=preloaded)

    def _new_console(self) -> Screen[None]:
        # Imported on first use: the console's editor and tree-sitter stay off start-up.
        from kctui.ui.console.screen import ConsoleScreen

        return ConsoleScreen(self.db)

    def get_default_screen(self) -> Screen[None]:
        return self._new_dashboard()

    def on_mount(self) -> None:
        # Named now that the first dashboard exists, so switch_mode("dashboard") finds it.
        self.add_mode("dashboard", self._new_dashboard)
        self.add_mode("console", self._new_console)
        self._check_size()
        from kctui.ui import settings

        settings.apply(self)
        # Start-up ends with the dashboard's first paint (below); this is a backstop.
        self.set_timer(STARTUP_BACKSTOP, self.end_startup)

    def on_dashboard_screen_data_shown(self) -> None:
        self.end_startup()

    def end_startup(self) -> None:
        """Turn the cyclic GC back on if :func:`~kctui.ui.create_app` turned it off.

        Everything start-up made is frozen first: it lives as long as the app, so
        collections never need to scan it.
        """
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def on_unmount(self) -> None:
        self.end_startup()  # an app that never showed its dashboard
        self.db.close()

    # --- global actions -----------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, once every screen has saved what it holds (a screen may ask first)."""
        for check in list(self.quit_checks):
            question = check()
            if question:
                from kctui.ui.console.dialogs import ConfirmScreen

                def answered(yes: bool | None) -> None:
                    if yes:
                        self.exit()

                self.push_screen(ConfirmScreen(question), answered)
                return
        self.exit()

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in a folder that exists; the notice names the file.
        In a browser page (kctui serve) Textual delivers it to the browser, which opens it."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        from kctui.ui import settings

        return settings.save_screenshot(self, filename, path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_keys_panel":
            return bool(self.screen.query("HelpPanel"))
        return True

    def action_toggle_keys_panel(self) -> None:
        """Show or hide the keys of the focused widget at the side (escape hides it)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_hide_keys_panel(self) -> None:
        self.action_hide_help_panel()

    async def action_toggle_console(self) -> None:
        """Switch between the dashboard and the SQL console."""
        await self.switch_mode("console" if self.current_mode == "dashboard" else "dashboard")

    def action_help(self) -> None:
        """Show every key of the app."""
        from kctui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_open_example(self, index: int) -> None:
        """Open saved query ``index`` of :data:`~kctui.core.queries.EXAMPLES` in the console
        and run it."""
        from kctui.ui.console.screen import ConsoleScreen

        await self.switch_mode("console")
        screen = self.screen
        if isinstance(screen, ConsoleScreen):
            screen.load_query(EXAMPLES[index].sql, run=True)

    # --- terminal too small -------------------------------------------------------

    def on_resize(self) -> None:
        # After the new size is applied everywhere (the event arrives before that).
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        from kctui.ui.screens.too_small import TooSmallScreen

        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    # --- command palette ----------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from kctui.ui.commands import app_commands, textual_commands

        yield from textual_commands(self, screen, super().get_system_commands(screen))
        yield from app_commands(self, screen)
