"""SQL text as the console sees it: statements, the one under the cursor, error positions.

No Textual and no DuckDB import: these are pure functions over strings, unit-tested
alone. Offsets are character offsets into the editor's text joined with ``\\n``;
lines and columns are 0-based unless a name says otherwise.

The splitter knows just enough SQL lexing to find the semicolons that end statements:
single-quoted strings (``''`` escapes, ``E'..'`` backslash escapes), double-quoted
identifiers, ``--`` and nested ``/* */`` comments and dollar-quoted strings. DuckDB
itself decides what a statement means; every statement is sent to it verbatim, so
its "LINE n" error positions refer to the text we can map back to the editor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_$]")
_SIMPLE_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Span:
    """One statement of a text: ``text == source[start:end]``, trimmed of whitespace."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Segment:
    start: int  # first character after the previous ';' (or 0)
    stop: int  # index of the ';' that ends it, or len(text)
    has_code: bool  # holds something besides whitespace and comments


def _skip_comment(sql: str, i: int) -> int:
    """The index after the comment opening at ``i``: ``--`` to the line's end, or a
    ``/* */`` block (they nest)."""
    n = len(sql)
    if sql.startswith("--", i):
        end = sql.find("\n", i)
        return n if end == -1 else end + 1
    depth = 1
    i += 2
    while i < n and depth:
        if sql.startswith("/*", i):
            depth += 1
            i += 2
        elif sql.startswith("*/", i):
            depth -= 1
            i += 2
        else:
            i += 1
    return i


def _skip_quoted(sql: str, i: int, quote: str, backslash: bool) -> int:
    """The index after the quoted run opening at ``i`` (a doubled quote is one quote;
    ``backslash``: backslash escapes too, as in ``E'...'``)."""
    n = len(sql)
    i += 1
    while i < n:
        if backslash and sql[i] == "\\":
            i += 2
            continue
        if sql[i] == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            break
        i += 1
    return i + 1


def _segments(sql: str) -> list[_Segment]:
    """Split at top-level semicolons; every character belongs to exactly one segment."""
    segments: list[_Segment] = []
    n = len(sql)
    i = 0
    start = 0
    has_code = False
    while i < n:
        c = sql[i]
        nxt = sql[i + 1] if i + 1 < n else ""
        if (c == "-" and nxt == "-") or (c == "/" and nxt == "*"):
            i = _skip_comment(sql, i)
            continue
        if c == ";":
            segments.append(_Segment(start, i, has_code))
            i += 1
            start = i
            has_code = False
            continue
        if not c.isspace():
            has_code = True
        if c == "'":
            # E'...' strings take backslash escapes; plain strings only ''.
            backslash = (
                i > 0 and sql[i - 1] in "eE" and (i < 2 or not _IDENT_CHAR.match(sql[i - 2]))
            )
            i = _skip_quoted(sql, i, "'", backslash)
            continue
        if c == '"':
            i = _skip_quoted(sql, i, '"', False)
            continue
        if c == "$" and (i == 0 or not _IDENT_CHAR.match(sql[i - 1])):
            m = _DOLLAR_TAG.match(sql, i)
            if m:
                close = sql.find(m.group(0), m.end())
                i = n if close == -1 else close + len(m.group(0))
                continue
        i += 1
    segments.append(_Segment(start, n, has_code))
    return segments


def _trimmed(sql: str, seg: _Segment) -> Span:
    """The segment without surrounding whitespace nor leading comments."""
    start, end = seg.start, seg.stop
    while start < end:
        if sql[start].isspace():
            start += 1
        elif sql.startswith("--", start):
            newline = sql.find("\n", start, end)
            start = end if newline == -1 else newline + 1
        elif sql.startswith("/*", start):
            close = sql.find("*/", start + 2, end)
            if close == -1:
                break
            start = close + 2
        else:
            break
    while end > start and sql[end - 1].isspace():
        end -= 1
    return Span(start, end, sql[start:end])


def split(sql: str) -> list[Span]:
    """Every statement of ``sql`` in order, without the empty ones."""
    return [_trimmed(sql, seg) for seg in _segments(sql) if seg.has_code]


def statement_at(sql: str, offset: int) -> Span | None:
    """The statement under the cursor at ``offset``.

    A cursor right after a ``;`` belongs to the statement that ``;`` ends (the usual
    place of the cursor after typing one). A cursor in blank space between statements
    takes the statement before it, or the first one after it if there is none before.
    """
    segments = _segments(sql)
    offset = max(0, min(offset, len(sql)))
    # A segment owns its text and the position just after its ';'.
    index = next(i for i, seg in enumerate(segments) if seg.start <= offset <= seg.stop + 1)
    if segments[index].has_code:
        return _trimmed(sql, segments[index])
    for seg in reversed(segments[:index]):
        if seg.has_code:
            return _trimmed(sql, seg)
    for seg in segments[index + 1 :]:
        if seg.has_code:
            return _trimmed(sql, seg)
    return None


def location(sql: str, offset: int) -> tuple[int, int]:
    """(line, column) of a character offset."""
    before = sql[:offset]
    line = before.count("\n")
    return line, offset - (before.rfind("\n") + 1)


def offset_of(sql: str, line: int, column: int) -> int:
    """Character offset of (line, column), clamped to the text."""
    lines = sql.split("\n")
    line = max(0, min(line, len(lines) - 1))
    column = max(0, min(column, len(lines[line])))
    return sum(len(ln) + 1 for ln in lines[:line]) + column


# --- DuckDB error positions ----------------------------------------------------------

_LINE_HINT = re.compile(r"^LINE (\d+): (.*)$")


def _cell_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _index_at_cells(text: str, cells: int) -> int:
    """The index of the character that starts at display column ``cells``."""
    width = 0
    for index, ch in enumerate(text):
        if width >= cells:
            return index
        width += _cell_width(ch)
    return len(text)


def error_position(message: str, statement: str) -> tuple[int, int] | None:
    """Where DuckDB's "LINE n: ..." hint and caret point, as (line, column) in ``statement``.

    DuckDB prints the offending line (elided with "..." when long) and a caret under the
    error, counted in display cells. The snippet is found in the statement's line to
    undo the elision; ``None`` when the message carries no position.
    """
    lines = message.splitlines()
    for i, text in enumerate(lines):
        m = _LINE_HINT.match(text)
        if not m or i + 1 >= len(lines) or "^" not in lines[i + 1]:
            continue
        line_no = int(m.group(1)) - 1
        snippet = m.group(2)
        caret = lines[i + 1].index("^") - len(text) + len(snippet)
        source_lines = statement.split("\n")
        if not 0 <= line_no < len(source_lines):
            return None
        source = source_lines[line_no]
        base = 0
        if snippet.startswith("...") and not source.startswith(snippet[:10]):
            snippet = snippet[3:]
            caret -= 3
            core = snippet[:-3] if snippet.endswith("...") else snippet
            found = source.find(core)
            base = max(found, 0)
        column = base + _index_at_cells(snippet, max(caret, 0))
        return line_no, min(column, len(source))
    return None


# --- words and identifiers -------------------------------------------------------------


def word_before(line: str, column: int) -> tuple[str, str, int]:
    """The (qualifier, prefix, start column) of the identifier being typed at ``column``.

    ``kc.fa|`` gives ``("kc", "fa", 3)``; ``sel|`` gives ``("", "sel", 0)``. A quoted
    qualifier (``"my table".co``) keeps its unquoted name.
    """
    start = column
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    prefix = line[start:column]
    qualifier = ""
    if start > 0 and line[start - 1] == ".":
        q_end = start - 1
        if q_end > 0 and line[q_end - 1] == '"':
            q_start = line.rfind('"', 0, q_end - 1)
            if q_start != -1:
                qualifier = line[q_start + 1 : q_end - 1].replace('""', '"')
        else:
            q_start = q_end
            while q_start > 0 and (line[q_start - 1].isalnum() or line[q_start - 1] in "_."):
                q_start -= 1
            qualifier = line[q_start:q_end]
    return qualifier, prefix, start


def quote_ident(name: str, reserved: frozenset[str] | set[str] = frozenset()) -> str:
    """``name`` as SQL: bare when that reads back the same, else double-quoted."""
    if _SIMPLE_IDENT.fullmatch(name) and name.upper() not in reserved:
        return name
    return '"' + name.replace('"', '""') + '"'
