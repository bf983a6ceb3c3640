"""Writing a result to stdout as it streams: constant memory, first bytes at once.

CSV and JSON of a query (a ``SELECT``, ``FROM``, ``WITH``, ``VALUES``, ``DESCRIBE``,
``SHOW``...) are written by DuckDB itself, ``COPY (query) TO`` a pipe of ours that a
thread copies to stdout, so they go at DuckDB's speed whatever stdout is (a pipe, a
file opened for appending, a terminal) and every type has DuckDB's own text form:

- CSV (RFC 4180): a header row, then rows; NULL is an empty field; text is quoted when
  it holds a comma, a quote or a line break; dates and times ISO 8601; intervals like
  ``1 day 02:00:00``; lists ``[1, 2]``; structs ``{'k': 1}``; BLOBs ``\\x01\\xAA``-escaped;
  ``nan``, ``inf``, ``infinity`` as DuckDB writes them.
- JSON: one array of objects (strict JSON: ``NaN`` and ``±Infinity`` become ``null``);
  numbers as numbers, lists and structs nested, everything else a string.

Columns that share a name are made unique (``a``, ``a_1``) as DuckDB names the columns
of a subquery. Other statements (``PRAGMA``, ``CALL``, ``EXPLAIN``) are fetched in
batches and written from Python in the same forms. The table format (for reading in a
terminal) sizes its columns to the first :data:`TABLE_SAMPLE` rows and cuts longer
values later with ``…``. Anything that reaches a terminal has its escape sequences made
visible; a pipe or a file gets the exact bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import decimal
import json
import math
import os
import re
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

import duckdb

from kctui.cli.common import say
from kctui.core.text import cell_width, truncate, visible

BATCH = 2048
"""Rows fetched at a time when Python writes the rows."""
TABLE_SAMPLE = 1000
"""Rows the table format sizes its columns on."""
MAX_TABLE_WIDTH = 60
"""Widest a table column grows (longer values end in ``…``)."""
CHUNK = 1 << 20
_NON_FINITE = re.compile(rb"(?<=[\[:,])(-?Infinity|NaN)(?=[,\]}\s])")


class OutputClosed(Exception):
    """stdout went away (``| head``): stop quietly."""


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError:
            raise OutputClosed from None
        view = view[written:]


class Sink:
    """stdout as bytes: raw for a pipe or a file, made visible for a terminal."""

    def __init__(self, stream: BinaryIO | None = None) -> None:
        stream = stream or sys.stdout.buffer
        stream.flush()
        self.fd = stream.fileno()
        self.terminal = os.isatty(self.fd)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def write(self, data: bytes) -> None:
        if self.terminal:
            text = visible(self._decoder.decode(data), newlines="keep")
            data = text.encode("utf-8", "replace")
        _write(self.fd, data)

    def text(self, text: str) -> None:
        self.write(text.encode("utf-8", "surrogateescape"))


# --- DuckDB writes: COPY into a pipe, a thread copies it out -------------------------


def copy_query(cursor: duckdb.DuckDBPyConnection, sql: str, fmt: str, sink: Sink) -> None:
    """Write the result of the query ``sql`` as ``fmt`` (csv or json) through ``sink``."""
    body = sql.strip().rstrip(";")
    columns = cursor.execute(f"DESCRIBE SELECT * FROM (\n{body}\n)").fetchall()
    if fmt == "json":
        projection = ", ".join(_json_safe(name, type_) for name, type_, *_ in columns)
        source = f"SELECT {projection} FROM (\n{body}\n)"
        options = "FORMAT json, ARRAY true"
    else:
        source = f"SELECT * FROM (\n{body}\n)"
        options = "FORMAT csv, HEADER true"
    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []
    copier = threading.Thread(target=_pump, args=(read_fd, sink, fmt, cursor, failure))
    copier.start()
    errors: list[duckdb.Error] = []
    done = threading.Event()
    # The COPY runs on a thread of its own and the main thread waits for it, so Ctrl-C
    # always reaches Python: DuckDB, interrupted inside a COPY to a pipe, can wait
    # forever for its writers (seen with CSV to /dev/null). An Event says when it is
    # over (a join interrupted by Ctrl-C can leave is_alive() wrong).
    runner = threading.Thread(
        target=_execute,
        args=(cursor, f"COPY ({source}) TO '/dev/fd/{write_fd}' ({options})", errors, done),
        daemon=True,
    )
    runner.start()
    try:
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        _stop(cursor, done)
        raise
    finally:
        if done.is_set():
            os.close(write_fd)
            copier.join()
            os.close(read_fd)
    if errors and not failure:
        raise errors[0]
    if failure:
        raise failure[0]
    if not columns and fmt == "json":
        sink.text("[]\n")


def _execute(
    cursor: duckdb.DuckDBPyConnection, sql: str, errors: list[duckdb.Error], done: threading.Event
) -> None:
    try:
        cursor.execute(sql)
    except duckdb.Error as exc:
        errors.append(exc)
    finally:
        done.set()


STOP_GRACE = 2.0
"""Seconds an interrupted COPY has to stop before kctui leaves without it."""


def _stop(cursor: duckdb.DuckDBPyConnection, done: threading.Event) -> None:
    """Interrupt the COPY; if DuckDB does not stop within :data:`STOP_GRACE`, say so
    and leave at once (exit 130), as a hung query must never hold the terminal."""
    with contextlib.suppress(duckdb.Error):
        cursor.interrupt()
    if not done.wait(STOP_GRACE):
        say("interrupted")
        os._exit(130)


def _json_safe(name: str, type_: str) -> str:
    ident = '"' + name.replace('"', '""') + '"'
    base = type_.upper()
    if base in ("DOUBLE", "FLOAT", "REAL"):
        return f"CASE WHEN isfinite({ident}) THEN {ident} END AS {ident}"
    return ident


def _pump(
    read_fd: int,
    sink: Sink,
    fmt: str,
    cursor: duckdb.DuckDBPyConnection,
    failure: list[BaseException],
) -> None:
    """Copy what DuckDB writes into the pipe to ``sink`` until DuckDB closes it."""
    tail = b""
    try:
        while chunk := os.read(read_fd, CHUNK):
            if fmt == "json":
                # NaN and ±Infinity nested in lists or structs: null, as at top level.
                chunk = tail + chunk
                cut = max(chunk.rfind(b","), chunk.rfind(b"\n"))
                chunk, tail = (chunk[: cut + 1], chunk[cut + 1 :]) if cut >= 0 else (b"", chunk)
                chunk = _NON_FINITE.sub(b"null", chunk)
            sink.write(chunk)
        if tail:
            sink.write(_NON_FINITE.sub(b"null", tail))
    except BaseException as exc:  # OutputClosed, a full disk: stop DuckDB, report it
        failure.append(exc)
        with contextlib.suppress(duckdb.Error):
            cursor.interrupt()
        with contextlib.suppress(OSError):
            while os.read(read_fd, CHUNK):
                pass  # drain, so DuckDB's next write ends instead of blocking


# --- Python writes: statements COPY cannot wrap, and the table format ------------------


def text_form(value: Any) -> str:
    """A value as DuckDB casts it to text (NULL is the caller's to show)."""
    kind = type(value)
    if kind is int or kind is str:
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _interval(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "".join(
            chr(b) if 0x20 <= b < 0x7F and b != 0x5C else f"\\x{b:02X}" for b in bytes(value)
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join("NULL" if v is None else text_form(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"'{k}': {'NULL' if v is None else text_form(v)}" for k, v in value.items())
            + "}"
        )
    return str(value)


def _interval(value: dt.timedelta) -> str:
    days, seconds = value.days, value.seconds
    clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if value.microseconds:
        clock += f".{value.microseconds:06d}"
    if not days:
        return clock
    return f"{days} day{'s' if abs(days) != 1 else ''}" + (
        f" {clock}" if seconds or value.microseconds else ""
    )


def json_value(value: Any) -> Any:
    """A value as strict JSON holds it (``NaN`` and ``±Infinity`` as null)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return str(value)
    return text_form(value)


def unique_names(names: Sequence[str]) -> list[str]:
    """``a, a, A`` -> ``a, a_1, A_2``: as DuckDB names a subquery's columns."""
    seen: set[str] = set()
    out = []
    for index, name in enumerate(names):
        candidate = name
        if candidate.lower() in seen:
            candidate = f"{name}_{index}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[Any, ...]]]:
    while rows := cursor.fetchmany(BATCH):
        yield rows


def write_rows(cursor: duckdb.DuckDBPyConnection, fmt: str, sink: Sink) -> int:
    """Write the open result of ``cursor`` as ``fmt`` from Python; return the row count."""
    names = unique_names([str(d[0]) for d in cursor.description or []])
    if fmt == "table":
        return _table(cursor, names, sink)
    count = 0
    if fmt == "csv":
        sink.text(_csv_line(names))
        for rows in batches(cursor):
            sink.text(
                "".join(_csv_line(["" if v is None else text_form(v) for v in r]) for r in rows)
            )
            count += len(rows)
        return count
    sink.text("[")
    for rows in batches(cursor):
        for row in rows:
            record = dict(zip(names, map(json_value, row), strict=True))
            sink.text(("," if count else "") + "\n\t" + json.dumps(record, ensure_ascii=False))
            count += 1
    sink.text("\n]\n")
    return count


def _csv_line(values: Sequence[str]) -> str:
    out: list[str] = []
    csv.writer(_Collect(out), lineterminator="\n").writerow(values)
    return out[0]


class _Collect:
    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    text = text_form(value)
    return text if text.isprintable() else visible(text, newlines="mark")


def _table(cursor: duckdb.DuckDBPyConnection, names: list[str], sink: Sink) -> int:
    types = [str(d[1]) for d in cursor.description or []]
    numeric = [_numeric(t) for t in types]
    sample = cursor.fetchmany(TABLE_SAMPLE)
    labels = [visible(n, newlines="mark") for n in names]
    widths = [
        min(MAX_TABLE_WIDTH, max([cell_width(label), *(cell_width(_cell(r[i])) for r in sample)]))
        for i, label in enumerate(labels)
    ]

    def line(cells: Sequence[str], right: Sequence[bool]) -> str:
        fitted = []
        for text, width, r in zip(cells, widths, right, strict=True):
            used = cell_width(text)
            if used > width:
                text = truncate(text, width)
                used = cell_width(text)
            fill = " " * (width - used)
            fitted.append(fill + text if r else text + fill)
        return " │ ".join(fitted).rstrip() + "\n"

    sink.text(line(labels, numeric))
    sink.text("─┼─".join("─" * w for w in widths) + "\n")
    count = 0
    rows: list[tuple[Any, ...]] = sample
    while rows:
        sink.text("".join(line([_cell(v) for v in row], numeric) for row in rows))
        count += len(rows)
        rows = cursor.fetchmany(BATCH)
    sink.text(f"({count:,} row{'s' if count != 1 else ''})\n")
    return count


def _numeric(type_name: str) -> bool:
    base = type_name.upper().split("(")[0]
    return base in {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
        "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL",
    }  # fmt: skip
