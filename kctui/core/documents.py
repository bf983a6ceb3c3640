"""A source document as the document view reads it: its text and every quote in it.

Every excerpt is stored with its character offsets in ``documents.text`` (the build
checks that the quote is there, on the lines it names), so a quote is shown in place
without searching for it; ``find`` is for the reader's own words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kctui.core import queries
from kctui.core.db import Database
from kctui.core.detail import source_of
from kctui.core.model import SourceDoc


class QuoteSpan(NamedTuple):
    """Where one excerpt stands in its document."""

    excerpt_id: str
    start: int
    end: int
    """Character offsets in :attr:`Document.text` (``end`` exclusive)."""
    first_line: int
    last_line: int
    topic: str
    stated: tuple[str, ...]
    """The words of each figure the quote states (``as_stated``), to light within it."""


class Document(NamedTuple):
    """One source document: what is known of it, its text, its quotes in reading order."""

    source: SourceDoc
    sha256: str
    text: str
    quotes: tuple[QuoteSpan, ...]

    def index_of(self, excerpt_id: str | None) -> int | None:
        """The position of ``excerpt_id`` in :attr:`quotes` (``None``: not in here)."""
        for i, quote in enumerate(self.quotes):
            if quote.excerpt_id == excerpt_id:
                return i
        return None

    def line_of(self, offset: int) -> int:
        """The 1-based line of the character at ``offset``."""
        return self.text.count("\n", 0, max(0, offset)) + 1


def load_document(db: Database, source_id: str) -> Document | None:
    """The document ``source_id`` (``None``: no such source)."""
    rows = db.rows(queries.DOCUMENT, [source_id])
    if not rows:
        return None
    r = rows[0]
    source = source_of(r)
    assert source is not None  # the query joins sources
    quotes = tuple(
        QuoteSpan(
            q["excerpt_id"],
            q["start_offset"],
            q["end_offset"],
            q["first_line"],
            q["last_line"],
            q["topic"],
            tuple(q["stated"] or ()),
        )
        for q in db.rows(queries.DOCUMENT_QUOTES, [source_id])
    )
    return Document(source, r["sha256"], r["text"], quotes)


def source_of_excerpt(db: Database, excerpt_id: str) -> str | None:
    """The source an excerpt is quoted from (``None``: no such excerpt)."""
    rows = db.rows("SELECT source_id FROM excerpts WHERE excerpt_id = ?", [excerpt_id])
    return rows[0]["source_id"] if rows else None


def find(text: str, words: str) -> list[tuple[int, int]]:
    """Every place ``words`` occurs in ``text``, ignoring case and runs of white space
    (a phrase found across a line break too), as ``(start, end)`` offsets."""
    parts = words.split()
    if not parts:
        return []
    pattern = re.compile(r"\s+".join(re.escape(p) for p in parts), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
