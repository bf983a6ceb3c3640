"""The SQL editor: a code-editor TextArea with a completion dropdown.

``ctrl+a`` selects all (``home`` still goes to the line's start); every change made
for the user (a query from the palette or history, a completion, a replace) goes
through TextArea's edit API, so ``ctrl+z`` undoes it like typing.

Typing a name (two characters, or one after a ``.``) opens a dropdown of matching
tables, columns, functions and keywords; ``ctrl+space`` opens it at once. While it is
open, ``up``/``down`` move in it, ``tab`` or ``enter`` accept, ``escape`` closes it;
every other key goes on editing. ``tab`` elsewhere moves focus (kctui's tab contract),
and printable keys like ``q`` and ``?`` are always text here, never app shortcuts.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Offset
from textual.message import Message
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option

from kctui.core.console import sqltext
from kctui.core.console.buffers import Buffer
from kctui.core.console.completion import Candidate, Completer

_KIND_MARK = {
    "table": ("T", "bold $accent"),
    "view": ("V", "bold $accent"),
    "column": ("c", "$success"),
    "database": ("D", "bold $warning"),
    "function": ("f", "$secondary"),
    "keyword": ("k", "$text-muted"),
}


class CompletionList(OptionList):
    """The dropdown: never focused, placed under the editor's cursor."""

    DEFAULT_CSS = """
    CompletionList {
        position: absolute;
        overlay: screen;
        constrain: inside inflect;
        display: none;
        width: auto;
        min-width: 24;
        max-width: 64;
        height: auto;
        max-height: 10;
        border: none;
        padding: 0;
        background: $panel;
        & > .option-list--option-highlighted { background: $accent 40%; }
    }
    """

    can_focus = False

    def __init__(self) -> None:
        super().__init__(id="completion")
        self.candidates: list[Candidate] = []
        self.replace_from: tuple[int, int] = (0, 0)
        """Editor location where the word being completed starts."""

    def show(self, candidates: list[Candidate], at: Offset, replace_from: tuple[int, int]) -> None:
        """Fill the dropdown and show it with its top-left corner at ``at``."""
        self.candidates = candidates
        self.replace_from = replace_from
        width = max(len(c.label) + len(c.detail) for c in candidates) + 6
        options = []
        for cand in candidates:
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(cand.label)
            pad = max(2, width - 4 - len(cand.label) - len(cand.detail))
            prompt.append(" " * pad + cand.detail, style="dim")
            options.append(Option(prompt))
        self.set_options(options)
        self.highlighted = 0
        self.styles.offset = (at.x, at.y)
        self.display = True

    def hide(self) -> None:
        """Close the dropdown."""
        if self.display:
            self.display = False
            self.candidates = []

    @property
    def is_open(self) -> bool:
        """The dropdown is showing."""
        return bool(self.display and self.candidates)

    @property
    def current(self) -> Candidate | None:
        """The highlighted candidate."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.candidates):
            return None
        return self.candidates[index]


class SqlEditor(TextArea):
    """The editor: SQL highlighting, line numbers, completion, never eats app keys."""

    BINDINGS = [
        Binding(
            "ctrl+space,ctrl+@",
            "complete",
            "Complete",
            id="editor_complete",
            tooltip="Complete a table, column, function or keyword name",
        ),
        Binding("ctrl+a", "select_all", "Select all", show=False, id="editor_select_all"),
    ]

    class Accepted(Message):
        """A completion was inserted."""

        def __init__(self, candidate: Candidate) -> None:
            super().__init__()
            self.candidate = candidate

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(
            text,
            language="sql",
            soft_wrap=False,
            tab_behavior="focus",
            show_line_numbers=True,
            **kwargs,
        )
        self.indent_type = "spaces"
        self.completer: Completer | None = None
        self.completion_list: CompletionList | None = None
        self.buffer = Buffer("Buffer 1", text)
        """The buffer this editor holds (name, file; its text is the editor's)."""

    # --- the text as the console reads it -----------------------------------------------

    @property
    def sql(self) -> str:
        """The whole text with ``\\n`` line ends (offsets into it match locations)."""
        return "\n".join(self.document.lines)

    def offset_at(self, location: tuple[int, int]) -> int:
        """Character offset of an editor location in :attr:`sql`."""
        return sqltext.offset_of(self.sql, *location)

    def location_at(self, offset: int) -> tuple[int, int]:
        """Editor location of a character offset in :attr:`sql`."""
        return sqltext.location(self.sql, offset)

    def set_text(self, text: str) -> None:
        """Replace the whole text as one undoable edit; the cursor goes to its end."""
        self.history.checkpoint()
        self.replace(text, (0, 0), self.document.end)
        self.history.checkpoint()
        lines = text.split("\n")
        self.move_cursor((len(lines) - 1, len(lines[-1])))

    # --- completion ---------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # Runs before TextArea's own key handler (Textual calls a message's handlers
        # along the MRO, subclass first, and prevent_default stops the walk): keys meant
        # for the dropdown end here, everything else edits as usual.
        dropdown = self.completion_list
        if dropdown is not None and dropdown.is_open:
            if event.key in ("up", "down"):
                event.stop()
                event.prevent_default()
                if event.key == "up":
                    dropdown.action_cursor_up()
                else:
                    dropdown.action_cursor_down()
                return
            if event.key in ("tab", "enter"):
                event.stop()
                event.prevent_default()
                self.accept_completion()
                return
            if event.key == "escape":
                event.stop()
                event.prevent_default()
                dropdown.hide()
                return
        if dropdown is None:
            return
        if event.is_printable and event.character:
            if event.character.isalnum() or event.character in "_.":
                self.call_after_refresh(self.update_completion, False)
            else:
                dropdown.hide()
        elif event.key == "backspace" and dropdown.is_open:
            self.call_after_refresh(self.update_completion, False)
        elif dropdown.is_open:
            dropdown.hide()

    def action_complete(self) -> None:
        """Open the completion dropdown for the word at the cursor."""
        self.update_completion(force=True)

    def update_completion(self, force: bool = False) -> None:
        """Recompute the dropdown for the word at the cursor (hide it if nothing fits)."""
        dropdown = self.completion_list
        if dropdown is None or self.completer is None or not self.has_focus:
            return
        row, column = self.cursor_location
        line = self.document.get_line(row)
        qualifier, prefix, start = sqltext.word_before(line, column)
        if not force and len(prefix) < 2 and not (qualifier and line[start - 1 : start] == "."):
            dropdown.hide()
            return
        sql = self.sql
        offset = sqltext.offset_of(sql, row, start)
        span = sqltext.statement_at(sql, offset)
        if span is not None and span.start <= offset <= span.end:
            before, statement = sql[span.start : offset], span.text
        else:
            before, statement = sql[:offset], ""
        candidates = self.completer.complete(qualifier, prefix, before, statement, limit=40)
        # Nothing to offer, or the word is already complete: stay out of the way.
        if not candidates or (
            not force and len(candidates) == 1 and candidates[0].insert == prefix
        ):
            dropdown.hide()
            return
        cursor = self.cursor_screen_offset
        at = Offset(cursor.x - len(prefix), cursor.y + 1)
        dropdown.show(candidates, at, (row, start))

    def accept_completion(self) -> None:
        """Replace the word at the cursor with the highlighted candidate."""
        dropdown = self.completion_list
        if dropdown is None:
            return
        candidate = dropdown.current
        start = dropdown.replace_from
        dropdown.hide()
        if candidate is None:
            return
        row, column = self.cursor_location
        if start[0] != row or start[1] > column:
            return
        self.replace(candidate.insert, start, (row, column))
        self.post_message(self.Accepted(candidate))

    def on_blur(self, event: events.Blur) -> None:
        if self.completion_list is not None:
            self.completion_list.hide()

    def on_click(self, event: events.Click) -> None:
        if self.completion_list is not None:
            self.completion_list.hide()
