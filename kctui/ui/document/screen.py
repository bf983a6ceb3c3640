"""The document view (``o`` on any quote): the whole source document, scrolled to the
quote, the quoted words lit.

Every quote of the document is marked where it stands; the one asked for is lit, and
the words of the figures it states stand out within it. ``n`` / ``N`` step to the next
or previous quote, ``/`` searches the document (``enter`` goes to the next match,
after which ``n`` / ``N`` step through the matches until ``escape`` clears them).
Above the text, everything known of the document: its title, publisher, date (marked
when approximate), language (and the one it was machine-translated from), URL and
SHA-256. The document is loaded on a thread, as every screen's data is.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from kctui.core.db import Database
from kctui.core.documents import Document, QuoteSpan, find, load_document
from kctui.core.model import topic_label
from kctui.core.text import one_line, visible, visible_in_place
from kctui.ui import fmt
from kctui.ui.document.view import DocumentView
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.theme import Palette
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.provenance import document_line
from kctui.ui.widgets.title_bar import TitleBar


class DocumentScreen(KctuiScreen):
    """One source document, from a quote of it (or from its top)."""

    DEFAULT_CSS = """
    DocumentScreen #document-head { height: auto; padding: 0 1; }
    DocumentScreen #document-status { height: 1; padding: 0 1; background: $panel; }
    DocumentScreen #document-search { display: none; dock: bottom; margin-bottom: 1; }
    DocumentScreen.-searching #document-search { display: block; }
    DocumentScreen DocumentView { padding: 0 1; }
    """
    BINDINGS = [
        Binding("n", "step(1)", "Next quote", id="document_next_quote"),
        Binding("N", "step(-1)", "Previous quote", id="document_previous_quote"),
        Binding("n", "step_match(1)", "Next match", id="document_next_match"),
        Binding("N", "step_match(-1)", "Previous match", id="document_previous_match"),
        Binding("slash", "search", "Search", id="document_search"),
        Binding("escape", "back", "Back", id="document_close"),
    ]

    class Loaded(Message):
        """The document arrived from the worker (``None``: there is no such source)."""

        def __init__(self, document: Document | None) -> None:
            self.document = document
            super().__init__()

    def __init__(
        self,
        db: Database,
        source_id: str,
        excerpt_id: str | None = None,
        highlights: tuple[str, ...] = (),
    ) -> None:
        """``excerpt_id``: the quote to open at; ``highlights``: words in it to light (else
        the words of the figures it states)."""
        super().__init__(db)
        self.source_id = source_id
        self.excerpt_id = excerpt_id
        self.highlights = highlights
        self.document: Document | None = None
        self.current: int | None = None
        """The lit quote's position in the document's quotes (``None``: none lit)."""
        self.matches: list[tuple[int, int]] = []
        """The search's matches (character offsets), while a search is kept."""
        self.match: int | None = None
        """The match in view, once the search is submitted."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(f"Loading {self.source_id}…"), id="document-head")
        yield DocumentView(id="document-text")
        yield Static(id="document-status")
        yield Input(
            placeholder="Search the document (enter: next match, escape: done)",
            id="document-search",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load(self) -> None:
        """Fetch the document off the UI thread."""
        self.post_message(self.Loaded(load_document(self.db, self.source_id)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#document-head", Static).update(
                Text(f"Could not load {self.source_id}: {one_line(str(event.worker.error))}")
            )

    def on_document_screen_loaded(self, message: Loaded) -> None:
        document = message.document
        head = self.query_one("#document-head", Static)
        if document is None:
            head.update(Text(f"No document {visible(self.source_id)} in this database."))
            return
        self.document = document
        self.current = document.index_of(self.excerpt_id)
        source, palette = document.source, Palette.of(self)
        self.sub_title = one_line(source.title)
        out = Text(one_line(source.title), style=palette.heading)
        out.append("\n")
        out.append_text(document_line(source, palette))
        lines = document.text.count("\n") + 1
        out.append(
            f"\n{source.source_id} · {lines} lines · {len(document.quotes)} quotes · "
            f"sha256 {document.sha256[:12]}…",
            palette.dim,
        )
        if source.url:
            out.append(f" · {visible(source.url)}", palette.dim)
        head.update(out)
        self._draw()
        view = self.query_one(DocumentView)
        if self.current is not None:
            view.show_offset(document.quotes[self.current].start)
        view.focus()

    # --- drawing ------------------------------------------------------------------------

    def _draw(self) -> None:
        """The text with every quote marked, the current one lit, the search's matches."""
        document = self.document
        if document is None:
            return
        palette = Palette.of(self)
        text = Text(visible_in_place(document.text))
        quote_style = palette.accent
        for quote in document.quotes:
            text.stylize(quote_style, quote.start, quote.end)
        if self.current is not None:
            quote = document.quotes[self.current]
            text.stylize(palette.highlight, quote.start, quote.end)
            words = self.highlights if self.excerpt_id == quote.excerpt_id else ()
            for start, end in self._words_in(quote, words or quote.stated):
                text.stylize(Style(underline=True, italic=True), start, end)
        for i, (start, end) in enumerate(self.matches):
            style = Style(reverse=True, bold=True) if i == self.match else Style(reverse=True)
            text.stylize(style, start, end)
        self.query_one(DocumentView).update(text, palette.dim)
        self._status()

    def _words_in(self, quote: QuoteSpan, words: tuple[str, ...]) -> list[tuple[int, int]]:
        assert self.document is not None
        inside = self.document.text[quote.start : quote.end]
        return [
            (quote.start + start, quote.start + end)
            for phrase in words
            for start, end in find(inside, phrase)
        ]

    def _status(self) -> None:
        document = self.document
        if document is None:
            return
        palette = Palette.of(self)
        status = Text()
        box = self.query_one("#document-search", Input)
        if self.matches or (self.has_class("-searching") and box.value.strip()):
            count = len(self.matches)
            which = (
                f"match {self.match + 1} of {count}"
                if self.match is not None
                else (f"{count} match{'es' if count != 1 else ''}")
            )
            status.append(f"{which} for “{one_line(box.value)}”", palette.accent)
            status.append(" · n/N step · escape clears", palette.dim)
        elif self.current is not None:
            quote = document.quotes[self.current]
            status.append(f"quote {self.current + 1} of {len(document.quotes)}", palette.accent)
            status.append(
                f" · {quote.excerpt_id} · {fmt.lines(quote.first_line, quote.last_line)}"
                f" · {topic_label(quote.topic)}",
                palette.dim,
            )
        else:
            status.append(
                f"{len(document.quotes)} quotes marked · n goes to the first", palette.dim
            )
        self.query_one("#document-status", Static).update(status)

    # --- keys -----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after / can arrive before the focus has reached the box: they
        # are the search's, not the view's.
        box = self.query_one("#document-search", Input)
        if (
            self.has_class("-searching")
            and self.focused is not box
            and event.is_printable
            and event.character
        ):
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)
            box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n / N step quotes, or the search's matches while a search is kept; neither
        # while the box is open (they are letters of the search).
        if action in ("step", "step_match") and self.has_class("-searching"):
            return False
        if action == "step":
            return not self.matches
        if action == "step_match":
            return bool(self.matches)
        return True

    def action_step(self, step: int) -> None:
        """The next (``1``) or previous (``-1``) quote of the document."""
        document = self.document
        if document is None or not document.quotes:
            return
        count = len(document.quotes)
        if self.current is None:
            self.current = 0 if step > 0 else count - 1
        else:
            self.current = (self.current + step) % count
        self._draw()
        self.query_one(DocumentView).show_offset(document.quotes[self.current].start)

    def action_step_match(self, step: int) -> None:
        """The next (``1``) or previous (``-1``) match of the search."""
        if not self.matches:
            return
        count = len(self.matches)
        if self.match is None:
            self.match = self._first_match_from_view() if step > 0 else count - 1
        else:
            self.match = (self.match + step) % count
        self._draw()
        self.query_one(DocumentView).show_offset(self.matches[self.match][0])

    def _first_match_from_view(self) -> int:
        """The first match at or after the top of the view (wrapping to the first)."""
        view = self.query_one(DocumentView)
        rows = view.visible_rows()
        for i, (start, _) in enumerate(self.matches):
            if view.row_of(start) >= rows.start:
                return i
        return 0

    def action_search(self) -> None:
        """Open the search box."""
        if self.document is None:
            return
        self.add_class("-searching")
        self.query_one("#document-search", Input).focus()
        self.refresh_bindings()

    @on(Input.Changed, "#document-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.document is None:
            return
        self.matches = find(self.document.text, event.value)
        self.match = None
        self._draw()
        if self.matches:
            first = self._first_match_from_view()
            self.query_one(DocumentView).show_offset(self.matches[first][0])
        self.refresh_bindings()

    @on(Input.Submitted, "#document-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remove_class("-searching")
        self.query_one(DocumentView).focus()
        if self.matches:
            self.action_step_match(1)
        else:
            self._status()
        self.refresh_bindings()

    def action_back(self) -> None:
        """Close the search box, then clear the search, then go back."""
        box = self.query_one("#document-search", Input)
        if self.has_class("-searching"):
            self.remove_class("-searching")
            self.query_one(DocumentView).focus()
            if not self.matches:
                box.value = ""
            self._status()
        elif self.matches:
            self.matches, self.match = [], None
            box.value = ""
            self._draw()
        else:
            self.dismiss()
            return
        self.refresh_bindings()


def open_document(
    screen: KctuiScreen,
    source_id: str,
    excerpt_id: str | None = None,
    highlights: tuple[str, ...] = (),
) -> None:
    """Open the document view over ``screen``."""
    screen.app.push_screen(DocumentScreen(screen.db, source_id, excerpt_id, highlights))
