"""The console's buffer, file and find keys, and its answer to "may the app quit?".

A mixin of :class:`~kctui.ui.console.screen.ConsoleScreen` (which lists
:data:`BINDINGS` among its own): new, close, next, previous and rename a buffer;
open a ``.sql`` file into a buffer and save one to a file (a path dialog that
completes names; saving over another file asks first); find and replace.

Quitting never loses a buffer: they are saved continuously, and once more when the
app is asked to quit; only if that save fails is there a question (quit and lose
them, or stay). After the app has gone, the command line says where they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from kctui.core.console.buffers import (
    BufferStore,
    SqlFileError,
    read_sql_file,
    resolve,
    write_sql_file,
)
from kctui.ui.console.dialogs import ConfirmScreen
from kctui.ui.console.find_bar import FindBar
from kctui.ui.console.messages import BuffersSaved, FileSaved
from kctui.ui.console.prompts import InputScreen, PathSuggester

if TYPE_CHECKING:
    from kctui.ui.console.buffer_set import BufferSet
    from kctui.ui.console.editor import SqlEditor

BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+s", "save", "Save", id="console_save", tooltip="Save the buffer to its .sql file"
    ),
    Binding("ctrl+o", "open", "Open", id="console_open", tooltip="Open a .sql file in a buffer"),
    Binding("ctrl+n", "new_buffer", "New", id="console_new_buffer", tooltip="A new buffer"),
    Binding(
        "ctrl+w",
        "close_buffer",
        "Close",
        show=False,
        priority=True,  # the editor's ctrl+w (delete a word) gives way; ctrl+backspace does it
        id="console_close_buffer",
    ),
    # Priority: every scrolling widget (the editor, the grid) takes these for sideways
    # paging otherwise.
    Binding(
        "ctrl+pagedown",
        "step_buffer(1)",
        "Next buffer",
        show=False,
        priority=True,
        id="console_next_buffer",
    ),
    Binding(
        "ctrl+pageup",
        "step_buffer(-1)",
        "Previous buffer",
        show=False,
        priority=True,
        id="console_previous_buffer",
    ),
    Binding("ctrl+t", "rename_buffer", "Rename", show=False, id="console_rename_buffer"),
    Binding("ctrl+f", "find", "Find", id="console_find", tooltip="Find and replace in the buffer"),
    Binding("f3", "find_step(1)", "Find next", show=False, id="console_find_next"),
    Binding("shift+f3", "find_step(-1)", "Find previous", show=False, id="console_find_previous"),
]


class BufferActions(Screen[None]):
    """Buffers, files, find and the quit check, for the console screen."""

    BINDINGS = BINDINGS
    store: BufferStore

    @property
    def buffers(self) -> BufferSet:
        raise NotImplementedError

    @property
    def editor(self) -> SqlEditor:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a one-line input (find, filter) ctrl+w deletes a word and ctrl+e goes to the
        # end, as they always do there; elsewhere they close the buffer and export.
        if action in ("close_buffer", "export") and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)

    # --- buffers -------------------------------------------------------------------------

    async def action_new_buffer(self) -> None:
        """Open a new, empty buffer."""
        await self.buffers.new()

    def action_close_buffer(self) -> None:
        """Close the buffer shown (asks first if its text is in no file)."""
        buffer = self.editor.buffer
        buffer.text = self.editor.text
        if not buffer.text.strip() or (buffer.path is not None and not buffer.unsaved):
            self.call_later(self.buffers.close)
            return
        where = "is in no file" if buffer.path is None else "has changes not saved to its file"
        question = f"Close {buffer.name}? Its text {where}, and closing a buffer cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_later(self.buffers.close)

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_step_buffer(self, step: int) -> None:
        """Show the next or previous buffer."""
        self.buffers.step(step)

    def action_rename_buffer(self) -> None:
        """Give the buffer shown a name."""

        def named(name: str | None) -> None:
            if name:
                self.buffers.rename(name)

        self.app.push_screen(
            InputScreen("Name this buffer", self.editor.buffer.name, hint="enter renames"), named
        )

    # --- files ---------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        path = self.editor.buffer.path
        return Path(path).parent if path else Path.cwd()

    def action_open(self) -> None:
        """Open a .sql file in a buffer (a new one, unless the one shown is empty)."""

        async def chosen(answer: str | None) -> None:
            if answer:
                await self.open_file(answer)

        self.app.push_screen(
            InputScreen(
                "Open a .sql file",
                f"{self._start_folder()}/",
                hint="right accepts the completion · enter opens · escape cancels",
                suggester=PathSuggester(),
            ),
            chosen,
        )

    async def open_file(self, answer: str) -> None:
        """Open file ``answer`` (a path) in a buffer."""
        try:
            path = resolve(answer)
            text = read_sql_file(path)
        except SqlFileError as exc:
            self.notify(str(exc), title="Open", severity="error", markup=False)
            return
        already = self.buffers.find_path(path)
        if already is not None:
            self.buffers.show(already)
            self.notify(f"{path} is open in this buffer already.", markup=False)
            return
        editor = self.editor
        if editor.buffer.is_blank:
            editor.set_text(text)
            editor.move_cursor((0, 0))
            self.buffers.attach(editor, path, text)
        else:
            editor = await self.buffers.new(text, name=path.name, path=str(path))
            editor.move_cursor((0, 0))
        self.notify(f"Opened {path}", timeout=3, markup=False)

    def action_save(self) -> None:
        """Save the buffer to its file (asks for one the first time)."""
        buffer = self.editor.buffer
        if buffer.path is None:
            self.action_save_as()
        else:
            self.save_to(Path(buffer.path))

    def action_save_as(self) -> None:
        """Save the buffer to a file you name (asks before replacing another file)."""
        buffer = self.editor.buffer
        default = buffer.path or str(self._start_folder() / f"{_file_stem(buffer.name)}.sql")

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            try:
                path = resolve(answer)
            except SqlFileError as exc:
                self.notify(str(exc), title="Save", severity="error", markup=False)
                return
            if path.exists() and str(path) != buffer.path:

                def confirmed(yes: bool | None) -> None:
                    if yes:
                        self.save_to(path)

                self.app.push_screen(ConfirmScreen(f"{path} exists. Replace it?"), confirmed)
            else:
                self.save_to(path)

        self.app.push_screen(
            InputScreen(
                "Save the buffer as",
                default,
                hint="enter saves · escape cancels",
                suggester=PathSuggester(),
            ),
            chosen,
        )

    def save_to(self, path: Path) -> None:
        """Write the buffer shown to ``path``."""
        editor = self.editor
        text = editor.text
        try:
            write_sql_file(path, text)
        except SqlFileError as exc:
            self.notify(str(exc), title="Save", severity="error", timeout=8, markup=False)
            editor.post_message(FileSaved(path, str(exc)))
            return
        self.buffers.attach(editor, path, text)
        self.notify(f"Saved {path}", timeout=3, markup=False)
        editor.post_message(FileSaved(path, None))

    # --- find ----------------------------------------------------------------------------

    def action_find(self) -> None:
        """Find (and replace) in the buffer shown."""
        self.query_one(FindBar).open(self.editor)

    def action_find_step(self, step: int) -> None:
        """The next or previous match of the find bar's text."""
        bar = self.query_one(FindBar)
        if not bar.needle:
            bar.open(self.editor)
            return
        bar.editor = self.editor
        bar.action_step(step)

    # --- saving the buffers, and quitting --------------------------------------------

    def on_buffers_saved(self, event: BuffersSaved) -> None:
        buffers = self.buffers
        if event.error is not None:
            if buffers.save_error is None:  # said once; every later change tries again
                self.notify(
                    f"{event.error}. They stay in memory; kctui keeps trying.",
                    title="Buffers",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            buffers.save_error = event.error
        elif buffers.save_error is not None:
            buffers.save_error = None
            self.notify(f"Buffers saved again to {event.path}", title="Buffers", markup=False)

    def register_quit_check(self) -> None:
        checks = getattr(self.app, "quit_checks", None)
        if checks is not None and self._quit_check not in checks:
            checks.append(self._quit_check)

    def unregister_quit_check(self) -> None:
        checks = getattr(self.app, "quit_checks", None)
        if checks is not None and self._quit_check in checks:
            checks.remove(self._quit_check)
        self._quit_check()

    def _quit_check(self) -> str | None:
        """Save the buffers now; a question if that failed (quitting would lose them)."""
        error = self.buffers.flush()
        notes = getattr(self.app, "exit_notes", None)
        if error is not None:
            return (
                f"Your SQL buffers could not be saved ({error}). Quit anyway and lose them? "
                "(n stays: ctrl+s saves a buffer to a file of your choice.)"
            )
        if notes is not None:
            count = len(self.buffers.editors)
            notes["console"] = (
                f"{count} SQL buffer{'s' if count != 1 else ''} saved in {self.store.path} "
                "(they open again with the console)"
            )
        return None

    def buffer_commands(self) -> Iterable[SystemCommand]:
        """The palette's buffer and file entries."""
        yield SystemCommand(
            "Console: new buffer", "A new, empty buffer (ctrl+n)", self.action_new_buffer
        )
        yield SystemCommand(
            "Console: close buffer", "Close this buffer (ctrl+w)", self.action_close_buffer
        )
        yield SystemCommand(
            "Console: rename buffer", "Name this buffer (ctrl+t)", self.action_rename_buffer
        )
        yield SystemCommand("Console: open a .sql file", "In a buffer (ctrl+o)", self.action_open)
        yield SystemCommand("Console: save buffer", "To its .sql file (ctrl+s)", self.action_save)
        yield SystemCommand(
            "Console: save buffer as…", "To a .sql file you name", self.action_save_as
        )
        yield SystemCommand(
            "Console: find and replace", "In this buffer (ctrl+f)", self.action_find
        )


def _file_stem(name: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip("-.")
    return stem.removesuffix(".sql") or "query"
