"""The command palette's kctui entries: views, saved queries, and the screen's own.

Textual's system commands (theme, quit, screenshot) come first, less the ones kctui
has its own of: "Keys" (kctui's Help has every key; ``f1`` still opens Textual's side
panel) and "Maximize" on a screen that maximises its own way (the dashboard's
"Maximise or restore panel"). Every entry runs an action by name, so this module
needs no reference to the app's class; a screen adds its own entries by being a
:class:`~kctui.ui.screens.base.KctuiScreen`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from kctui.core.queries import EXAMPLES
from kctui.ui.screens.base import KctuiScreen


def textual_commands(
    app: App[Any], screen: Screen[Any], commands: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    """Textual's own palette entries, without those kctui has one of."""
    own_maximise = isinstance(screen, KctuiScreen) and screen.MAXIMISES_ITS_OWN_WAY
    for command in commands:
        if command.title == "Keys":
            continue
        if command.title in ("Maximize", "Minimize"):
            if own_maximise:
                continue
            title = "Maximise" if command.title == "Maximize" else "Restore"
            help_text = (
                "The focused widget fills the screen (escape restores)"
                if title == "Maximise"
                else "Back to the normal layout"
            )
            yield SystemCommand(title, help_text, command.callback)
            continue
        yield command


def app_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Commands for the palette on ``screen``."""
    yield SystemCommand(
        "Dashboard",
        "Show the dashboard of linked panels",
        partial(app.run_action, "switch_mode('dashboard')"),
    )
    yield SystemCommand(
        "SQL console",
        "Open the SQL console over the curated data",
        partial(app.run_action, "switch_mode('console')"),
    )
    yield SystemCommand(
        "Help: every key",
        "Every key of every screen (?); f1 shows the focused widget's keys at the side",
        partial(app.run_action, "help"),
    )
    for index, example in enumerate(EXAMPLES):
        yield SystemCommand(
            f"Query: {example.name}",
            example.description,
            partial(app.run_action, f"open_example({index})"),
        )
    if isinstance(screen, KctuiScreen):
        yield from screen.palette_commands()
