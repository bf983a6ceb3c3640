"""The Textual application: the dashboard and the SQL console as modes.

The app owns only what is global: the database handle, the mode switch (f2), quit,
help, the "terminal too small" guard and the command palette. Each screen gets the
database in its constructor and owns its own bindings and handlers. Make it with
:func:`kctui.ui.create_app`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen

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
    ]

    def __init__(
        self,
        db: Database,
        *,
        dashboard: Future[Dashboard] | None = None,
        theme: str | None = None,
    ) -> None:
        """``dashboard``: the first dashboard's data, if something already loads it
        (kctui.core.preload); otherwise the dashboard loads its own."""
        super().__init__()
        self.db = db
        self._preloaded = dashboard
        if theme:
            self.theme = theme

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
        from kctui.ui.commands import app_commands

        yield from super().get_system_commands(screen)
        yield from app_commands(self, screen)
