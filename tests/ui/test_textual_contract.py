"""What kctui relies on in Textual beyond its documented API, checked so that an upgrade
that changes it fails here, loudly, instead of quietly slowing or breaking the app.

Textual is pinned exactly (pyproject.toml); these say what to look at when the pin moves.
"""

from __future__ import annotations

import inspect

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TextArea

from kctui.ui.console.editor import SqlEditor
from kctui.ui.dashboard.screen import DashboardScreen
from kctui.ui.widgets.ktable import KTable


def test_ktable_skips_only_the_restyle_widget_does_on_focus() -> None:
    # KTable.watch_has_focus replaces Widget's, which restyles on every focus change
    # (and so lays the screen out again). If Widget's watcher does more, KTable must too.
    body = inspect.getsource(Widget.watch_has_focus)
    assert "self.update_node_styles()" in body
    assert (
        len(
            [
                ln
                for ln in body.splitlines()
                if ln.strip() and not ln.strip().startswith(("def", '"""', "#"))
            ]
        )
        == 1
    )
    assert "watch_has_focus" in KTable.__dict__


def test_the_first_resume_skip_runs_before_screens_own_handler() -> None:
    # DashboardScreen.on_screen_resume clears event.refresh_styles; Screen's private
    # handler reads it afterwards (handlers run along the MRO, subclass first).
    assert "event.refresh_styles" in inspect.getsource(Screen._on_screen_resume)
    assert "on_screen_resume" in DashboardScreen.__dict__
    assert "_on_screen_resume" not in DashboardScreen.__dict__


def test_the_editor_sees_keys_before_the_text_area() -> None:
    # SqlEditor.on_key takes the completion keys and stops the default handler, which
    # is TextArea's _on_key; a rename there would let both run.
    assert "_on_key" in TextArea.__dict__
    assert "on_key" in SqlEditor.__dict__ and "_on_key" not in SqlEditor.__dict__
