"""The command palette's kctui entries: views, saved queries, and the screen's own.

Textual's system commands (themes, keys, quit, screenshot) come first; these add what
is specific to kctui. Every entry runs an action by name, so this module needs no
reference to the app's class; a screen adds its own entries by being a
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
    yield SystemCommand("Help", "Every key of kctui", partial(app.run_action, "help"))
    for index, example in enumerate(EXAMPLES):
        yield SystemCommand(
            f"Query: {example.name}",
            example.description,
            partial(app.run_action, f"open_example({index})"),
        )
    if isinstance(screen, KctuiScreen):
        yield from screen.palette_commands()
