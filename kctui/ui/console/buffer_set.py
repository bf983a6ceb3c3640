"""The console's SQL buffers: a tab strip over one editor per buffer, saved continuously.

Each buffer is its own :class:`~kctui.ui.console.editor.SqlEditor`, so its undo
history, cursor and scroll stay with it while you switch. Every change (text or
cursor) schedules a save of all buffers half a second later
(:class:`~kctui.core.console.buffers.BufferStore`, an atomic write off the UI thread);
quitting saves at once (:meth:`BufferSet.flush`). Writes are numbered, so a slow
older write never lands over a newer one. A folder that cannot be written is said
once, the buffers stay in memory, and every later change tries again.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ContentSwitcher, TextArea
from textual.widgets.text_area import Selection

from kctui.core.console.buffers import (
    Buffer,
    BufferStore,
    BufferStoreError,
    digest,
    next_name,
)
from kctui.core.console.completion import Completer
from kctui.core.text import one_line
from kctui.ui.console.editor import CompletionList, SqlEditor
from kctui.ui.console.messages import BuffersSaved
from kctui.ui.console.tab_strip import TabStrip

SAVE_AFTER = 0.5
"""Seconds after the last change at which the buffers are written."""
PLACEHOLDER = (
    "Type SQL; f5 runs the statement under the cursor, shift+f5 all of them.\n"
    "kc is the curated data (read-only), memory your scratch tables.\n"
    "ctrl+space completes · ctrl+r history · ctrl+n new buffer · ctrl+o opens a file"
)


class BufferSet(Vertical):
    """Tabs of SQL buffers over their editors."""

    def __init__(self, store: BufferStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.completer: Completer | None = None
        self.completion_list: CompletionList | None = None
        self._timer: Timer | None = None
        self._lock = threading.Lock()
        self._sequence = 0
        self._written = 0
        self.save_error: str | None = None
        """Why the last save failed (``None`` once one succeeds)."""
        self.load_note: str | None = None
        self._serial = 0
        # The editors in tab order, kept here as well as in the DOM: the last save, as
        # the app closes, runs when the widgets may already be gone from the DOM.
        self._editors: list[SqlEditor] = []
        self._active = 0

    def compose(self) -> ComposeResult:
        # The saved buffers are read and composed here, not mounted later: the editor is
        # there from the first frame, so nothing typed right after f2 is lost.
        loaded = self.store.load()
        self.load_note = loaded.note
        self._editors = [self._editor(b) for b in loaded.buffers or [Buffer("Buffer 1")]]
        self._active = loaded.active if loaded.buffers else 0
        yield TabStrip(hint="ctrl+n new · ctrl+w close", id="buffer-tabs")
        yield ContentSwitcher(*self._editors, id="editors", initial=self.editor.id)

    def on_mount(self) -> None:
        for editor in self._editors:
            self._place(editor)
        self.show(self._active, focus=False)

    # --- the editors ---------------------------------------------------------------------

    @property
    def editors(self) -> list[SqlEditor]:
        """One editor per buffer, in tab order."""
        return list(self._editors)

    @property
    def editor(self) -> SqlEditor:
        """The buffer shown."""
        return self._editors[self._active]

    @property
    def index(self) -> int:
        return self._active

    def _editor(self, buffer: Buffer) -> SqlEditor:
        self._serial += 1
        editor = SqlEditor(
            buffer.text, id=f"buffer-{self._serial}", placeholder=Content(PLACEHOLDER)
        )
        editor.buffer = buffer
        editor.completer = self.completer
        editor.completion_list = self.completion_list
        editor.border_subtitle = "f5 runs · ctrl+space completes"
        self._title(editor)
        return editor

    def _place(self, editor: SqlEditor) -> None:
        """The buffer's saved cursor and selection, once its editor is mounted."""
        buffer = editor.buffer
        end = buffer.cursor
        editor.selection = Selection(buffer.anchor or end, end)  # TextArea clamps it

    async def _mount(self, buffer: Buffer, index: int | None = None) -> SqlEditor:
        editor = self._editor(buffer)
        editor.display = False  # the switcher shows one (it hides only its first children)
        switcher = self.query_one(ContentSwitcher)
        editors = self._editors
        if index is None or index >= len(editors):
            await switcher.mount(editor)
            editors.append(editor)
        else:
            await switcher.mount(editor, before=editors[index])
            editors.insert(index, editor)
        self._place(editor)
        return editor

    def show(self, index: int, *, focus: bool = True) -> None:
        """Show buffer ``index`` (clamped)."""
        editors = self._editors
        self._active = max(0, min(index, len(editors) - 1))
        editor = editors[self._active]
        self.query_one(ContentSwitcher).current = editor.id
        if focus:
            editor.focus()
        editor.scroll_cursor_visible()
        self._refresh_strip()

    def _title(self, editor: SqlEditor) -> None:
        buffer = editor.buffer
        if buffer.path is None:
            title = f"{buffer.name} · not in a file (kept by kctui)"
        else:
            title = f"{buffer.path}{' • not saved' if buffer.unsaved else ''}"
        # Content, not str: a str title is read as markup, and names and paths are data.
        editor.border_title = Content(one_line(title))

    def _refresh_strip(self) -> None:
        strips = self.query(TabStrip)  # none before compose; is_mounted is False in on_mount
        if not strips:
            return
        labels = []
        for editor in self.editors:
            buffer = editor.buffer
            labels.append(buffer.name + (" •" if buffer.unsaved else ""))
        strips.first().show(labels, self.index)

    def set_completion(self, completer: Completer | None, dropdown: CompletionList | None) -> None:
        """Give every buffer's editor the completer (after the catalog loads)."""
        self.completer, self.completion_list = completer, dropdown
        for editor in self.editors:
            editor.completer = completer
            editor.completion_list = dropdown

    @on(TabStrip.Chosen, "#buffer-tabs")
    def _chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()
        self.show(event.index)

    # --- buffers ---------------------------------------------------------------------------

    async def new(
        self, text: str = "", *, name: str | None = None, path: str | None = None
    ) -> SqlEditor:
        """A new buffer after the current one, shown and focused."""
        buffer = Buffer(
            name or next_name([e.buffer.name for e in self.editors]),
            text,
            path=path,
            saved=digest(text) if path else None,
            named=name is not None,
        )
        editor = await self._mount(buffer, self.index + 1)
        self.show(self.editors.index(editor))
        self.changed()
        return editor

    async def close(self) -> None:
        """Close the current buffer (the last one closed leaves an empty one)."""
        index = self._active
        if len(self._editors) == 1:
            await self.new()
        gone = self._editors.pop(index)
        await gone.remove()
        self.show(min(index, len(self._editors) - 1))
        self.changed()

    def step(self, step: int) -> None:
        """Show the next (``1``) or previous (``-1``) buffer, round the ends."""
        self.show((self.index + step) % len(self.editors))

    def rename(self, name: str) -> None:
        editor = self.editor
        editor.buffer.name, editor.buffer.named = name, True
        self._title(editor)
        self.changed()

    def attach(self, editor: SqlEditor, path: Path, text: str) -> None:
        """``editor``'s text is now the content of file ``path``."""
        buffer = editor.buffer
        buffer.path, buffer.saved = str(path), digest(text)
        if not buffer.named or buffer.name.startswith("Buffer "):
            buffer.name = path.name
        self._title(editor)
        self.changed()

    def find_path(self, path: Path) -> int | None:
        """The buffer holding file ``path``, if one does."""
        for i, editor in enumerate(self.editors):
            if editor.buffer.path == str(path):
                return i
        return None

    # --- saving ----------------------------------------------------------------------------

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, SqlEditor):
            self._title(event.text_area)
            self.changed()

    @on(TextArea.SelectionChanged)
    def _selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self._schedule()

    def changed(self) -> None:
        """Something about the buffers changed: redraw the tabs, save soon."""
        for editor in self.editors:
            editor.buffer.text = editor.text
        self._refresh_strip()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is None:
            self._timer = self.set_timer(SAVE_AFTER, self._save_soon)
        else:
            self._timer.reset()

    def snapshot(self) -> tuple[list[Buffer], int]:
        """Every buffer as it is now, and the index of the one shown."""
        buffers = []
        for editor in self.editors:
            buffer = editor.buffer
            buffer.text = editor.text
            start, end = editor.selection
            buffer.cursor = end
            buffer.anchor = start if start != end else None
            buffers.append(Buffer(**vars(buffer)))
        return buffers, self.index

    def _save_soon(self) -> None:
        self._timer = None
        buffers, active = self.snapshot()
        self._sequence += 1
        self._write(buffers, active, self._sequence)

    @work(thread=True, exit_on_error=False, group="buffers-save")
    def _write(self, buffers: list[Buffer], active: int, sequence: int) -> None:
        error = self._write_now(buffers, active, sequence)
        self.post_message(BuffersSaved(self.store.path, error))

    def _write_now(self, buffers: list[Buffer], active: int, sequence: int) -> str | None:
        with self._lock:
            if sequence < self._written:
                return None  # a newer version is already on disk
            try:
                self.store.save(buffers, active)
            except BufferStoreError as exc:
                return str(exc)
            self._written = sequence
            return None

    def flush(self) -> str | None:
        """Save every buffer now (quitting); why it failed, if it did."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._editors:
            return self.save_error
        buffers, active = self.snapshot()
        self._sequence += 1
        self.save_error = self._write_now(buffers, active, self._sequence)
        return self.save_error
