"""The command palette's kctui entries: panels, views, saved queries, themes.

Textual's own system commands (themes, keys, quit, screenshot) come first; these add
what is specific to kctui. Screens contribute their own entries through an optional
``palette_commands()`` method, so this module never needs to know a screen's insides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from kctui.core.queries import EXAMPLES

if TYPE_CHECKING:
    from kctui.ui.app import KctuiApp


def app_commands(app: KctuiApp, screen: Screen) -> Iterable[SystemCommand]:
    """Commands for the palette on ``screen``."""
    yield SystemCommand(
        "Dashboard", "Show the dashboard of linked panels", lambda: app.switch_mode("dashboard")
    )
    yield SystemCommand(
        "SQL console",
        "Open the SQL console over the curated data",
        lambda: app.switch_mode("console"),
    )
    yield SystemCommand("Help", "Every key of kctui", app.action_help)
    for example in EXAMPLES:
        yield SystemCommand(
            f"Query: {example.name}",
            example.description,
            lambda example=example: app.open_example(example),
        )
    extra = getattr(screen, "palette_commands", None)
    if callable(extra):
        yield from extra()
