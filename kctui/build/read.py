"""Read one curated CSV into (line number, row) pairs, reporting every shape problem.

Strict RFC 4180: a quoted field ends at its closing quote and a delimiter or line end
follows (``"note"junk`` is an error, not a merged field). The file must be UTF-8; a
byte-order mark (a spreadsheet's default) is accepted and dropped; a byte that is not
UTF-8 is reported at its own line. A field longer than :data:`MAX_FIELD` is an error
named by line and column, and the rest of the file still parses.
"""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from pathlib import Path

from kctui.build.errors import Problem

MAX_FIELD = 64 * 1024
"""Characters a field may hold (the longest curated excerpt is a few thousand)."""
_PARSER_LIMIT = 64 * 1024 * 1024
"""What csv may read into one field before it gives up; checked against MAX_FIELD after."""
BOM = "\ufeff"


def _decode(name: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(name, line, "-", f"not UTF-8: byte 0x{data[exc.start]:02x} ({exc.reason})")
        )
        return None
    return text[1:] if text.startswith(BOM) else text


def _header_problem(header: list[str], columns: tuple[str, ...]) -> str:
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    detail = []
    if missing:
        detail.append("missing " + ", ".join(missing))
    if extra:
        detail.append("unexpected " + ", ".join(extra))
    if not detail:
        detail.append("columns out of order")
    return f"{'; '.join(detail)} (expected {','.join(columns)})"


def read_csv(
    path: Path, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row, reporting shape problems."""
    name = path.name
    try:
        # A FIFO or a device would block the read (or never end): only a file is read.
        if not stat.S_ISREG(path.stat().st_mode):
            problems.append(Problem(name, 0, "-", "not a regular file; give a CSV file"))
            return
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, "-", f"cannot read: {exc.strerror or exc}"))
        return
    text = _decode(name, data, problems)
    if text is None:
        return
    csv.field_size_limit(_PARSER_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(name, 1, "-", "empty file (expected a header row)"))
            return
        header = [h.strip() for h in header]
        if tuple(header) != columns:
            problems.append(Problem(name, 1, "header", _header_problem(header, columns)))
            return
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # Reported at the line it starts on; the reader goes on after it.
                problems.append(Problem(name, line, "-", f"malformed CSV ({exc})"))
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(columns):
                problems.append(
                    Problem(name, start, "-", f"{len(row)} fields, expected {len(columns)}")
                )
                continue
            too_long = [
                (c, len(v)) for c, v in zip(columns, row, strict=True) if len(v) > MAX_FIELD
            ]
            if too_long:
                column, size = too_long[0]
                problems.append(
                    Problem(name, start, column, f"{size:,} characters, at most {MAX_FIELD:,}")
                )
                continue
            yield start, dict(zip(columns, row, strict=True))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "-", f"malformed CSV ({exc})"))
