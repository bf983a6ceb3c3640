"""Find and replace in the buffer shown: a bar under the editor (``ctrl+f``).

Typing in "find" selects the first match at or after the cursor and says ``2 of 7``;
``enter``, ``down`` or ``f3`` goes to the next match, ``up`` or ``shift+f3`` to the
previous (round the ends). ``tab`` reaches "replace with": there ``enter`` replaces the match selected and
goes to the next, ``ctrl+a`` replaces them all. Matching is literal, smart case
(:mod:`kctui.core.console.find`); every replacement is an edit, so ``ctrl+z`` undoes it
(all of a replace-all at once). ``escape`` closes the bar and returns to the editor.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static
from textual.widgets.text_area import Selection

from kctui.core.console import find
from kctui.ui.console.editor import SqlEditor


class ReplaceInput(Input):
    """The "replace with" field: ``ctrl+a`` replaces every match."""

    BINDINGS = [Binding("ctrl+a", "replace_all", "Replace all", id="find_replace_all")]

    def action_replace_all(self) -> None:
        """Replace every match in the buffer."""
        bar = next((a for a in self.ancestors if isinstance(a, FindBar)), None)
        if bar is not None:
            bar.replace_all()


class FindBar(Horizontal):
    """Find (and replace) in the editor the console shows."""

    DEFAULT_CSS = """
    FindBar { height: 3; display: none; }
    FindBar.-shown { display: block; }
    FindBar Input { width: 1fr; }
    FindBar #find-count { width: 24; height: 3; content-align: left middle;
        padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="find_close"),
        # up/down too: many terminals send shift+f3 as a cursor position report.
        Binding("f3,down", "step(1)", "Next", id="find_next"),
        Binding("shift+f3,up", "step(-1)", "Previous", id="find_previous"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor: SqlEditor | None = None
        self.matches: list[find.Match] = []
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find (enter/↓: next · ↑: previous)", id="find-text")
        yield ReplaceInput(
            placeholder="replace with (enter: this one · ctrl+a: all)", id="replace-text"
        )
        yield Static(id="find-count")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    @property
    def needle(self) -> str:
        return self.query_one("#find-text", Input).value

    def open(self, editor: SqlEditor) -> None:
        """Show the bar over ``editor``; a one-line selection becomes what to find."""
        self.editor = editor
        selected = editor.selected_text
        field = self.query_one("#find-text", Input)
        if selected and "\n" not in selected:
            field.value = selected
        self.add_class("-shown")
        field.focus()
        self._search(from_cursor=True)

    def action_close(self) -> None:
        """Close the bar and go back to the editor."""
        self.remove_class("-shown")
        if self.editor is not None:
            self.editor.focus()

    @on(Input.Changed, "#find-text")
    def _needle_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(from_cursor=True)

    def _search(self, *, from_cursor: bool) -> None:
        editor = self.editor
        if editor is None:
            return
        self.matches = find.find_all(editor.sql, self.needle)
        start = editor.offset_at(editor.selection.start) if from_cursor else 0
        self.current = find.next_match(self.matches, start)
        self._select()

    def _select(self) -> None:
        editor, count = self.editor, self.query_one("#find-count", Static)
        if editor is None or self.current is None:
            count.update(Text("no match" if self.needle else ""))
            return
        start, end = self.matches[self.current]
        editor.selection = Selection(editor.location_at(start), editor.location_at(end))
        editor.scroll_cursor_visible()
        count.update(Text(f"{self.current + 1} of {len(self.matches)}"))

    def action_step(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) match."""
        editor = self.editor
        if editor is None:
            return
        self.matches = find.find_all(editor.sql, self.needle)
        if step > 0:
            offset = editor.offset_at(editor.selection.end)
            self.current = find.next_match(self.matches, offset)
        else:
            offset = editor.offset_at(min(editor.selection))
            self.current = find.next_match(self.matches, offset, backwards=True)
        self._select()

    @on(Input.Submitted, "#find-text")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1)

    @on(Input.Submitted, "#replace-text")
    def _replace_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        editor = self.editor
        if editor is None or self.current is None:
            return
        start, end = sorted(editor.selection)
        a, b = editor.offset_at(start), editor.offset_at(end)
        if (a, b) in self.matches:
            editor.replace(event.value, start, end)
        self.action_step(1)

    def replace_all(self) -> None:
        """Replace every match, as one undoable edit."""
        editor = self.editor
        if editor is None or not self.needle:
            return
        text, count = find.replace_all(editor.sql, self.needle, self.replacement)
        if count:
            cursor = editor.cursor_location
            editor.set_text(text)
            editor.move_cursor(cursor)
        self.notify(
            f"Replaced {count:,} match{'es' if count != 1 else ''}", timeout=3, markup=False
        )
        self._search(from_cursor=False)

    @property
    def replacement(self) -> str:
        return self.query_one("#replace-text", ReplaceInput).value
