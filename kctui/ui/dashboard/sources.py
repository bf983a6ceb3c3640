"""Panel 4: the source documents and their excerpts, and the quotes behind the selection.

Its top half answers "where does this number come from?" for whatever the cursor is on
in any panel: the excerpt(s) behind it, with the words that state the figure
highlighted. Its bottom half lists every document (publisher, date, language) with
its excerpts, filterable by text with ``/``.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import duckdb
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from kctui.core import queries
from kctui.core.dashboard import Dashboard, search_excerpts
from kctui.core.db import Database
from kctui.core.model import ExcerptRow, Selection, SourceDoc
from kctui.core.text import one_line, truncate, visible
from kctui.ui import fmt
from kctui.ui.dashboard.panel import Panel
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.provenance import quote_heading, quote_text
from kctui.ui.widgets.quote_view import QuoteView

if TYPE_CHECKING:
    from textual.widgets import Input


def figure_line(selection: Selection, scale: str, palette: Palette) -> Text:
    """The selection's figures on one (wrapping) line, with derivations and disagreements."""
    out = Text()
    for i, fig in enumerate(selection.figures):
        if i:
            out.append(" · ", palette.dim)
        if len(selection.figures) > 1:
            out.append(f"{one_line(fig.label)} ", palette.dim)
        out.append_text(cells.figure(fig, scale, palette))
        out.append(f" {fig.qualifier}", palette.dim)
    for fig in selection.figures:
        best = fig.statements[0] if fig.statements else None
        if fig.formula:
            out.append(f"\n{cells.DERIVED_MARK} {one_line(fig.formula)}", palette.dim)
        elif best is not None and best.note and len(selection.figures) == 1:
            out.append(f"\nnote: {one_line(best.note)}", palette.dim)
        if best is not None and best.caveat:
            out.append(f"\n! {one_line(best.caveat)}", palette.warning)
        if fig.conflict:
            values = sorted(
                {fmt.value(s.value, s.key.unit, scale, metric=s.key.metric) for s in fig.statements}
            )
            out.append(
                f"\n{cells.CONFLICT_MARK} sources disagree on {one_line(fig.label)}: ",
                palette.warning,
            )
            out.append(" vs ".join(values), palette.warning)
    return out


class SourcesPanel(Panel):
    """Documents and excerpts; the linked quotes of the current selection on top."""

    PANEL_KEY = "4"
    PANEL_TITLE = "Sources"
    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            id="sources_filter",
            tooltip="Show only excerpts (and documents) containing some text",
        ),
        Binding("escape", "close_filter", "Clear filter", show=False, id="sources_filter_clear"),
    ]

    def __init__(self, db: Database, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.db = db
        self.selection: Selection | None = None
        self.filter_text = ""
        self._search_cursor: duckdb.DuckDBPyConnection | None = None
        self._found: tuple[str, dict[str, list[ExcerptRow]] | None] = ("", None)
        """The last database search's text and excerpts."""
        # Table rows: a document heading or an excerpt.
        self.entries: list[SourceDoc | ExcerptRow] = []
        self._provenance = Text()
        self._highlight_style: object = None

    def compose(self) -> ComposeResult:
        # The filter box is mounted on the first "/": nothing to pay for at launch.
        yield QuoteView(id="provenance")
        yield KTable(id="excerpts-table")

    # --- the list --------------------------------------------------------------------

    class Searched(Message):
        """A search of the database for the filter text finished and the list shows it."""

        def __init__(self, needle: str, found: int) -> None:
            self.needle = needle
            self.found = found
            super().__init__()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sources-search")
    def _search(self, needle: str) -> None:
        """Excerpts containing ``needle``, from the database (the list holds only some).

        One search at a time: a keystroke interrupts the query of the one before, so
        typing fast never queues searches behind each other.
        """
        cursor = self.db.cursor()
        previous, self._search_cursor = self._search_cursor, cursor
        if previous is not None:
            with contextlib.suppress(duckdb.Error):
                previous.interrupt()
        try:
            found = search_excerpts(cursor, needle)
        except duckdb.Error:
            return  # interrupted by the next keystroke (or the screen went away)
        finally:
            cursor.close()
        self.app.call_from_thread(self._searched, needle, found)

    def _searched(self, needle: str, found: dict[str, list[ExcerptRow]]) -> None:
        if needle != self.filter_text:
            return  # the user typed on: a newer search is under way
        self._found = (needle, found)
        self.rebuild()
        self.post_message(self.Searched(needle, sum(map(len, found.values()))))

    def _visible_entries(self, data: Dashboard) -> list[SourceDoc | ExcerptRow]:
        needle = self.filter_text.casefold()
        out: list[SourceDoc | ExcerptRow] = []
        by_source = data.excerpts_by_source
        searched = bool(needle) and data.excerpts_limited
        if searched:
            # The database's answer for this text, once it is in; the last one till then.
            by_source = self._found[1] if self._found[1] is not None else {}
        for doc in data.sources:
            excerpts = by_source.get(doc.source_id, [])
            if data.excerpts_limited and not excerpts:
                continue  # only documents with excerpts listed (or found)
            doc_hit = (
                bool(needle)
                and needle in " ".join((doc.publisher, doc.title, doc.source_id)).casefold()
            )
            if needle and not doc_hit and not searched:
                excerpts = [
                    x for x in excerpts if needle in f"{x.excerpt_id} {x.topic} {x.text}".casefold()
                ]
                if not excerpts:
                    continue
            out.append(doc)
            out.extend(excerpts)
        return out

    def rebuild(self) -> None:
        data = self.data
        if data is None:
            return
        palette = Palette.of(self)
        self.entries = self._visible_entries(data)
        counts = {
            source_id: len(excerpts) for source_id, excerpts in data.excerpts_by_source.items()
        }
        ids = [
            cells.text(
                e.source_id if isinstance(e, SourceDoc) else e.excerpt_id,
                style=palette.heading if isinstance(e, SourceDoc) else palette.dim,
            )
            for e in self.entries
        ]
        id_width = cells.width_of(ids, "ID")
        text_width = cells.flex(self.inner_width, [id_width], minimum=10)
        texts = []
        for e in self.entries:
            if isinstance(e, SourceDoc):
                label = (
                    f"{e.publisher} · {fmt.published(e.published, e.approximate)} · "
                    f"{fmt.language(e.language, e.machine_translated_from)} · "
                    f"{counts.get(e.source_id, 0)} excerpts"
                )
                texts.append(cells.text(label, text_width, palette.heading))
            else:
                texts.append(
                    cells.text(fmt.around(e.text, self.filter_text, text_width), text_width)
                )
        self.table.replace(
            [(Text("ID"), id_width), (Text("Document / excerpt"), text_width)],
            list(zip(ids, texts, strict=True)),
        )
        shown = sum(1 for e in self.entries if isinstance(e, ExcerptRow))
        docs = sum(1 for e in self.entries if isinstance(e, SourceDoc))
        total = max(data.excerpt_total, len(data.excerpts))
        if self.filter_text:
            limited = data.excerpts_limited and shown >= queries.EXCERPTS_LIMIT
            # Content, not a str: the filter text is the user's, never markup ("[/").
            self.border_subtitle = Content(
                f"{'first ' if limited else ''}{shown}/{total} excerpts match "
                f"“{truncate(visible(self.filter_text), 20)}”"
            )
        elif data.excerpts_limited:
            self.border_subtitle = (
                f"showing {len(data.listed_excerpts)} of {total} excerpts — type / to search all"
            )
        else:
            self.border_subtitle = f"{docs} documents · {len(data.excerpts)} excerpts · / filter"
        if self.selection is not None:
            self._show(self.selection, move_cursor=False)

    def watch_scale(self) -> None:
        # The list holds no amounts: only the figures over the quotes change.
        if self.data is not None and self.selection is not None:
            self._show(self.selection, move_cursor=False)

    def current_selection(self) -> Selection | None:
        if not self.entries or self.data is None:
            return None
        entry = self.entries[min(self.table.cursor_row, len(self.entries) - 1)]
        if isinstance(entry, SourceDoc):
            return Selection(f"{entry.source_id} · {entry.title}", ())
        return self.data.excerpt_selection(entry)

    def document_target(self) -> tuple[str, str | None, tuple[str, ...]] | None:
        """The document to open for ``o``: the document or quote under the list's cursor
        when the list has the focus, else the first quote shown in the box (the source,
        the excerpt, the words to light); ``None`` when there is no quote."""
        data = self.data
        if data is None:
            return None
        selection = self.selection
        if self.table.has_focus and self.entries:
            entry = self.entries[min(self.table.cursor_row, len(self.entries) - 1)]
            if isinstance(entry, SourceDoc):
                return entry.source_id, None, ()
            words = next(
                (
                    q.highlights
                    for q in (selection.quotes if selection else ())
                    if q.excerpt_id == entry.excerpt_id
                ),
                (),
            )
            return entry.source_id, entry.excerpt_id, words
        for quote in selection.quotes if selection else ():
            excerpt = data.excerpt_by_id.get(quote.excerpt_id)
            if excerpt is not None:
                return excerpt.source_id, excerpt.excerpt_id, quote.highlights
        return None

    # --- the linked quotes --------------------------------------------------------------

    def show_selection(self, selection: Selection) -> None:
        """Show the quotes behind ``selection`` and put the list's cursor on the first."""
        self.selection = selection
        self._show(selection, move_cursor=not self.table.has_focus)

    def _show(self, selection: Selection, move_cursor: bool) -> None:
        data = self.data
        if data is None:
            return
        palette = Palette.of(self)
        excerpts = data.excerpt_by_id
        head = Text(one_line(selection.title), style=palette.heading)
        figures = figure_line(selection, self.scale, palette)
        if figures:
            head.append("\n")
            head.append_text(figures)
        body = Text()
        if not selection.quotes:
            head.append("\nNo quote: nothing here is stated by a source.", palette.dim)
        for n, quote in enumerate(selection.quotes):
            x = excerpts.get(quote.excerpt_id)
            if x is None:
                continue
            doc = data.source_by_id.get(x.source_id)
            heading = quote_heading(x.excerpt_id, doc, x.first_line, x.last_line, palette)
            if n == 0:
                # The first quote's source stays on top with the title: scrolled to the
                # words that state the figure, the box still says where they are from.
                head.append("\n")
                head.append_text(heading)
            else:
                body.append("\n\n")
                body.append_text(heading)
                body.append("\n")
            body.append_text(quote_text(x.text, quote.highlights, palette.highlight))
        out = head + Text("\n\n") + body
        self._provenance = out
        self._highlight_style = palette.highlight
        # Scrolled to the words that state the figure, if they would be out of view.
        anchor = next(((q.highlights[0]) for q in selection.quotes if q.highlights), None)
        self.query_one("#provenance", QuoteView).update(
            body, anchor=("", anchor) if anchor else None, head=head
        )
        if move_cursor and selection.quotes:
            first = selection.quotes[0].excerpt_id
            for i, e in enumerate(self.entries):
                if isinstance(e, ExcerptRow) and e.excerpt_id == first:
                    self.table.move_cursor(row=i)
                    break

    @property
    def provenance_text(self) -> str:
        """The plain text of the quotes shown (for tests and screen readers)."""
        return self._provenance.plain

    @property
    def provenance_highlights(self) -> list[str]:
        """The highlighted words of the quotes shown."""
        return [
            self._provenance.plain[s.start : s.end]
            for s in self._provenance.spans
            if s.style == self._highlight_style
        ]

    # --- filtering ------------------------------------------------------------------------

    def _filter_box(self) -> Input | None:
        found = self.query("#sources-filter")
        return found.first() if found else None  # type: ignore[return-value]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_filter":
            # Let escape mean something else (close, restore) when there is no filter.
            box = self._filter_box()
            return (box is not None and box.has_class("-shown")) or bool(self.filter_text)
        return True

    async def action_filter(self) -> None:
        """Show the filter box and put the cursor in it."""
        box = self._filter_box()
        if box is None:
            from textual.widgets import Input

            box = Input(
                placeholder="filter excerpts (enter: done, escape: clear)", id="sources-filter"
            )
            await self.mount(box, before=self.query_one("#provenance"))
        box.add_class("-shown")
        box.focus()

    def action_close_filter(self) -> None:
        """Clear the filter and hide the box."""
        box = self._filter_box()
        if box is not None:
            box.value = ""
            box.remove_class("-shown")
        if self.filter_text:
            self.filter_text = ""
            self.rebuild()
        self.table.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "sources-filter":
            return
        event.stop()
        self.filter_text = event.value
        if self.filter_text and self.data is not None and self.data.excerpts_limited:
            self._search(self.filter_text)
        self.rebuild()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "sources-filter":
            return
        event.stop()
        box = self._filter_box()
        if not self.filter_text and box is not None:
            box.remove_class("-shown")
        self.table.focus()
