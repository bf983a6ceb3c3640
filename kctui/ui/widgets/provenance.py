"""How kctui tells where a number comes from: the quote with its words lit, and the line
that names its document (publisher, date, language, lines), the same on every screen.

Everything the database knows of a document is said: its date marked when approximate,
its language with the one it was machine translated from, the lines of the document a
quote spans. Text from the data is made visible (:mod:`kctui.core.text`), never markup.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from kctui.core.model import SourceDoc
from kctui.core.text import one_line, visible
from kctui.ui import fmt
from kctui.ui.theme import Palette


def quote_text(text: str, highlights: tuple[str, ...], style: Style) -> Text:
    """``text`` as its source lays it out, controls made visible, every highlight lit."""
    shown = visible(text, newlines="keep")
    out = Text(shown)
    for words in highlights:
        needle = visible(words, newlines="keep")
        if not needle:
            continue
        start = shown.find(needle)
        while start != -1:
            out.stylize(style, start, start + len(needle))
            start = shown.find(needle, start + len(needle))
    return out


def document_line(doc: SourceDoc | None, palette: Palette, *, title: bool = False) -> Text:
    """``IT Home via fheadline · 2022-06-23 · English, machine-translated from Chinese``."""
    if doc is None:
        return Text("source not loaded", style=palette.dim)
    parts = [
        one_line(doc.publisher),
        fmt.published(doc.published, doc.approximate),
        fmt.language(doc.language, doc.machine_translated_from),
    ]
    out = Text(" · ".join(parts), style=palette.accent)
    if title:
        out = Text(one_line(doc.title), style=palette.heading) + Text("\n") + out
    return out


def quote_heading(
    excerpt_id: str, doc: SourceDoc | None, first: int, last: int, palette: Palette
) -> Text:
    """``e001-28 · IT Home via fheadline · 2022-06-23 · English, … · line 35``."""
    out = Text(f"{excerpt_id} · ", style=palette.accent)
    out.append_text(document_line(doc, palette))
    out.append(f" · {fmt.lines(first, last)}", palette.dim)
    return out
