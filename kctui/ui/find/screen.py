"""Find a figure (``f`` on the dashboard): type words or a number, see the best figures.

Each keystroke starts a search (:func:`kctui.core.find.search`) on a thread, in an
exclusive worker: a new keystroke interrupts the running query of the one before (its
DuckDB cursor), and a search that finishes after the text changed is dropped, so the
table only ever shows the results of what is typed. ``↓`` or ``tab`` goes to the results,
``enter`` opens the detail view of the highlighted one (escape there comes back here),
``y`` / ``Y`` copy its citation as text / Markdown.
"""

from __future__ import annotations

import contextlib

import duckdb
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from kctui.core import find
from kctui.core.db import Database
from kctui.core.text import one_line, truncate, visible
from kctui.ui.find import lines
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.title_bar import TitleBar

HINT = "words or a number: net loss 2021 · market share alibaba · 74.67 · 15亿 · 融资"
PLACEHOLDER = "Find a figure: " + HINT


class FindScreen(KctuiScreen):
    """An input, the best figures for what it holds, and the highlighted one's source."""

    CSS_PATH = "find.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="find_close", tooltip="Back to the dashboard"),
        Binding("down", "to_results", "Results", show=False, id="find_results"),
        Binding(
            "y",
            "cite(False)",
            "Cite",
            id="find_cite",
            tooltip="Copy a citation of the highlighted figure (Y: as Markdown)",
        ),
        Binding("Y", "cite(True)", "Cite (Markdown)", show=False, id="find_cite_markdown"),
    ]

    class Searched(Message):
        """The results of ``text`` are shown."""

        def __init__(self, text: str, found: int) -> None:
            self.text = text
            self.found = found
            super().__init__()

    def __init__(self, db: Database, scale: str = "auto", text: str = "") -> None:
        super().__init__(db)
        self.scale = scale
        self.results: find.Results | None = None
        self._initial = text
        self._cursor: duckdb.DuckDBPyConnection | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="find-body"):
            yield Input(value=self._initial, placeholder=PLACEHOLDER, id="find-input")
            yield Static(Text(HINT), id="find-status")
            yield KTable(id="find-results")
            yield Static(id="find-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Find a figure"
        self.query_one("#find-results", KTable).display = False
        self.query_one("#find-detail").display = False
        self.query_one(Input).focus()
        # The names index is read once per database: start now, before the first key.
        self.run_worker(lambda: find.names_for(self.db), thread=True, group="find-names")
        if self._initial:
            self._search(self._initial)

    def on_resize(self, event: Resize) -> None:
        if self.results is not None:
            self.call_after_refresh(self._fill)

    # --- searching --------------------------------------------------------------------

    @property
    def text(self) -> str:
        """What the input holds."""
        return self.query_one(Input).value

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self._show(event.value, None)
            return
        self.query_one("#find-status", Static).update(Text("searching…"))
        self._search(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="find")
    def _search(self, text: str) -> None:
        """Search for ``text`` off the UI thread; a newer search interrupts this one."""
        cursor = self.db.cursor()
        previous, self._cursor = self._cursor, cursor
        if previous is not None:
            with contextlib.suppress(duckdb.Error):
                previous.interrupt()
        try:
            results = find.search(cursor, text, find.names_for(self.db))
        except duckdb.Error:
            return  # interrupted by the next keystroke (or the screen went away)
        finally:
            cursor.close()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, text, results)

    def _show(self, text: str, results: find.Results | None) -> None:
        if text != self.text:
            return  # typed on: the newer search's results are the ones to show
        self.results = results
        self._fill()
        self.post_message(self.Searched(text, len(results.found) if results else 0))

    def _fill(self) -> None:
        table = self.query_one("#find-results", KTable)
        status = self.query_one("#find-status", Static)
        results = self.results
        if results is None or not results.found:
            table.display = False
            self.query_one("#find-detail").display = False
            said = (
                "" if results is None else f"Nothing matches “{truncate(visible(self.text), 40)}”. "
            )
            # Content, not a str: what was typed is never markup.
            status.update(Content(said + ("Try " if results is not None else "") + HINT))
            return
        palette = Palette.of(self)
        room = (table.content_size.width or self.size.width - 4) - cells.SCROLLBAR
        widths = lines.widths(results.found, self.scale, room)
        table.replace(
            [
                (Text(h, justify="right" if i == 0 else "left"), w)
                for i, (h, w) in enumerate(zip(lines.HEADERS, widths, strict=True))
            ],
            [lines.row(f, self.scale, widths, palette) for f in results.found],
            keep_cursor=False,
        )
        table.display = True
        count = len(results.found)
        said = (
            f"the best {count} figures (type more to narrow)"
            if results.more
            else f"{count} figure{'s' if count != 1 else ''}"
        )
        status.update(Text(f"{said} · ↓ to the list · enter: detail · y: cite"))
        self._describe()

    def _describe(self) -> None:
        """Under the table: the highlighted figure's words as stated and its ids."""
        found = self.highlighted
        detail = self.query_one("#find-detail", Static)
        if found is None:
            detail.display = False
            return
        palette = Palette.of(self)
        out = Text(one_line(f"{lines.figure_text(found)} · {found.period}"), style=palette.heading)
        out.append(f" · {found.qualifier} · {found.id}", palette.dim)
        if found.as_stated:
            out.append("\nstated as ", palette.dim)
            out.append(f"“{one_line(found.as_stated)}”", palette.highlight)
        source = lines.source_text(found)
        if source:
            out.append(f"\n{one_line(source)}", palette.accent)
        detail.update(out)
        detail.display = True

    @property
    def highlighted(self) -> find.Found | None:
        """The result under the cursor (the first while the input has the focus)."""
        if self.results is None or not self.results.found:
            return None
        row = self.query_one("#find-results", KTable).cursor_row
        return self.results.found[min(max(row, 0), len(self.results.found) - 1)]

    @on(KTable.Highlighted, "#find-results")
    def _moved(self, event: KTable.Highlighted) -> None:
        event.stop()
        self._describe()

    # --- keys -------------------------------------------------------------------------

    def action_to_results(self) -> None:
        """From the input to the results."""
        table = self.query_one("#find-results", KTable)
        if table.display and not table.has_focus:
            table.focus()
        elif table.has_focus:
            table.action_move(1, 0)

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.open_highlighted()

    @on(KTable.Selected, "#find-results")
    def _selected(self, event: KTable.Selected) -> None:
        event.stop()
        self.open_highlighted()

    def open_highlighted(self) -> None:
        """The detail view of the highlighted result."""
        found = self.highlighted
        if found is None:
            return
        from kctui.ui.detail.screen import DetailScreen

        self.app.push_screen(DetailScreen(self.db, found.subject, self.scale))

    def action_cite(self, markdown: bool) -> None:
        """Copy a citation of the highlighted result."""
        from kctui.ui.cite import copy_citation

        found = self.highlighted
        copy_citation(self, self.db, [found.id] if found else [], markdown=markdown)

    def action_close(self) -> None:
        """Back to the dashboard."""
        self.dismiss()
