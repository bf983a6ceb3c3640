"""The source documents and the excerpts quoted from them: shipped, hashed, located.

Each source's text ships beside the CSVs (``data/sources/S001.txt``) with its sha256 in
``sources.csv``: the build refuses a file that is missing or differs, so a quote is
always checked against the very words it was taken from, in any checkout. Each excerpt
names the lines of its document it spans (a label, a value and a period may stand on
separate lines of a table); its text must be found exactly there, starting on its first
line and ending on its last. The build stores the character offsets, for the document
view to highlight.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from kctui.build.checker import Checker, Rows, null
from kctui.build.rules import LANGUAGES, SOURCES_FOLDER, TOPICS, YES_NO


@dataclass(frozen=True)
class Document:
    """A source's text and where each of its lines starts."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Document:
        starts = [0]
        for index, ch in enumerate(text):
            if ch == "\n":
                starts.append(index + 1)
        return cls(text, tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets of lines ``first`` to ``last`` (1-based, inclusive)."""
        end = self.starts[last] - 1 if last < len(self.starts) else len(self.text)
        return self.starts[first - 1], end


def _document(line: int, r: dict[str, str], check: Checker) -> str | None:
    """The source's shipped text, if it is there and is what ``sha256`` says."""
    name = r["file"].strip()
    if not name or "/" in name or name.startswith("."):
        check.err("sources", line, "file", f"bad file name {name!r} (a name in {SOURCES_FOLDER}/)")
        return None
    path = check.data_dir / SOURCES_FOLDER / name
    try:
        if path.exists() and not path.is_file():  # a FIFO would block the read
            raise OSError(0, "not a regular file")
        data = path.read_bytes()
    except OSError as exc:
        check.err(
            "sources", line, "file", f"cannot read {SOURCES_FOLDER}/{name}: {exc.strerror or exc}"
        )
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != r["sha256"].strip().lower():
        check.err(
            "sources",
            line,
            "sha256",
            f"{SOURCES_FOLDER}/{name} has sha256 {digest}, not {r['sha256'].strip() or '(empty)'}",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        check.err("sources", line, "file", f"{SOURCES_FOLDER}/{name} is not UTF-8 ({exc.reason})")
        return None


def _flag(line: int, r: dict[str, str], column: str, check: Checker) -> bool:
    value = r[column].strip().lower()
    if value not in YES_NO:
        check.err("sources", line, column, f"{r[column]!r}: yes, no or empty")
    return YES_NO.get(value, False)


def sources(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need(
            "sources", line, r, "file", "sha256", "title", "publisher", "published", "language"
        )
        published: date | None
        try:
            published = date.fromisoformat(r["published"].strip())
        except ValueError:
            check.err(
                "sources", line, "published", f"bad date {r['published']!r} (expected YYYY-MM-DD)"
            )
            published = None
        for column in ("language", "machine_translated_from"):
            code = r[column].strip()
            if code and code not in LANGUAGES:
                check.err("sources", line, column, f"unknown language {code!r}")
        text = _document(line, r, check)
        if text is not None:
            check.documents[r["source_id"].strip()] = Document.of(text)
        out.append(
            (
                r["source_id"].strip(),
                r["file"].strip(),
                r["sha256"].strip().lower(),
                r["title"],
                r["publisher"],
                published,
                _flag(line, r, "approximate", check),
                r["language"].strip(),
                null(r["machine_translated_from"]),
                null(r["url"]),
                null(r["note"]),
            )
        )
    return out


def _located(line: int, r: dict[str, str], check: Checker) -> tuple[int, int, int, int] | None:
    """(first line, last line, start, end offset) of the excerpt in its document."""
    doc = check.documents.get(r["source_id"].strip())
    if doc is None:
        return None  # the source's own problem is reported already
    try:
        first, last = int(r["first_line"]), int(r["last_line"])
    except ValueError:
        check.err("excerpts", line, "first_line", "first_line and last_line must be line numbers")
        return None
    if not 1 <= first <= last <= doc.line_count:
        check.err(
            "excerpts",
            line,
            "first_line",
            f"lines {first}-{last} are not in the document (1-{doc.line_count})",
        )
        return None
    block_start, block_end = doc.span(first, last)
    found = doc.text.find(r["text"], block_start, block_end)
    if found < 0:
        where = doc.text.find(r["text"])
        hint = ""
        if where >= 0:
            at = doc.text.count("\n", 0, where) + 1
            hint = f" (it is at line {at})"
        check.err(
            "excerpts",
            line,
            "text",
            f"not found verbatim in lines {first}-{last} of its source{hint}",
        )
        return None
    end = found + len(r["text"])
    first_line_end = doc.span(first, first)[1]
    last_line_start = doc.span(last, last)[0]
    if found > first_line_end or end < last_line_start:
        check.err(
            "excerpts",
            line,
            "first_line",
            f"the text does not start on line {first} and end on line {last}",
        )
        return None
    return first, last, found, end


def excerpts(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need("excerpts", line, r, "text", "topic", "first_line", "last_line")
        if not check.known("sources", r["source_id"].strip()):
            check.err("excerpts", line, "source_id", f"unknown source {r['source_id']!r}")
        if r["topic"].strip() and r["topic"].strip() not in TOPICS:
            check.err("excerpts", line, "topic", f"unknown topic {r['topic']!r}")
        if r["text"] != r["text"].strip():
            check.err("excerpts", line, "text", "leading or trailing whitespace")
        check.excerpt_text[r["excerpt_id"].strip()] = r["text"]
        place = _located(line, r, check) or (None, None, None, None)
        out.append(
            (r["excerpt_id"].strip(), r["source_id"].strip(), *place, r["text"], r["topic"].strip())
        )
    return out


def documents(check: Checker) -> list[tuple[Any, ...]]:
    """The ``documents`` table: each source's whole text, for the document view."""
    return [(source_id, doc.text) for source_id, doc in sorted(check.documents.items())]
