"""``kctui sql``: run SQL against the curated database, attached read-only.

Several statements run in order; the last one's result is written (see
:mod:`kctui.cli.output` for the formats). A failing statement, a write to the curated
data, a statement kctui refuses (``INSTALL``, ``LOAD``, detaching ``kc``) is one line
and exit 1; Ctrl-C is "interrupted" and exit 130; a closed pipe ends quietly; a full
disk is one line. ``--as-of DAY`` runs it as known on that day: every curated table and
view holds only what had been published by then (a day that is not one: one line, exit 2).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from kctui.cli.common import CliError, UsageError, open_database, say

FORMAT_HELP = """\
output format (default: table). csv: RFC 4180, a header row, NULL as an empty field.
json: an array of objects, strict JSON (NaN and Infinity are null); columns that share
a name are made unique (a, a_1). Values take DuckDB's own text forms (ISO dates,
intervals like '1 day', BLOBs \\x-escaped). Output to a terminal has escape sequences
made visible; a pipe or a file gets the exact bytes."""

AS_OF_HELP = """\
answer as known on DAY (YYYY-MM-DD): every curated table and view (facts, sources,
excerpts, events, financing_rounds, facts_all, best_facts, derived_facts, conflicts,
quarterly_results, annual_results, competitors, fact_sources, timeline) holds only what
sources published by then had stated, derived figures and conflicts included"""

_WRAPPABLE = {"SELECT"}
"""Statement types DuckDB can COPY from (its fast path); others are written from Python."""


def add_parser(sub: Any) -> None:
    sql = sub.add_parser(
        "sql",
        help="run a SQL query against the curated database (read-only)",
        formatter_class=argparse.RawTextHelpFormatter,
    )
    sql.add_argument(
        "query", help="the SQL to run; several statements run in order, the last shows"
    )
    sql.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help=FORMAT_HELP
    )
    sql.add_argument("--db", metavar="PATH", dest="sub_db", help="database to query")
    sql.add_argument("--as-of", metavar="DAY", dest="as_of", help=AS_OF_HELP)


def run(args: argparse.Namespace) -> int:
    from kctui.cli.output import OutputClosed

    if not args.query.strip():
        raise CliError('empty query: give the SQL to run, e.g. kctui sql "select 1"')
    try:
        args.query.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A byte that is not UTF-8 reaches Python as a lone surrogate (PEP 383).
        bad = args.query[exc.start]
        byte = ord(bad) - 0xDC00 if 0xDC80 <= ord(bad) <= 0xDCFF else None
        what = f"byte 0x{byte:02x}" if byte is not None else f"U+{ord(bad):04X}"
        raise CliError(
            f"the query is not valid UTF-8 ({what} at character {exc.start + 1})"
        ) from None
    if sys.stdout is None:
        raise CliError("cannot write the output: stdout is closed")
    day = None
    if args.as_of is not None:
        from kctui.core.asof import parse_day

        try:
            day = parse_day(args.as_of)
        except ValueError as exc:
            raise UsageError(f"--as-of: {exc}") from None
    db = open_database(args.sub_db if args.sub_db is not None else args.db)
    try:
        _run(db, args.query, args.format, day)
    except OutputClosed:
        return 0  # the reader went away (| head): nothing more is wanted
    except OSError as exc:
        raise CliError(f"cannot write the output: {exc.strerror or exc}") from None
    finally:
        db.close()
    return 0


def _as_of(db: Any, cursor: Any, day: date) -> None:
    """Make ``cursor`` answer as known on ``day``, and say in a line on stderr what that
    is (how many sources; an approximate date)."""
    from kctui.core.asof import Calendar, begin_as_of

    steps = [s for s in Calendar.load(db).steps if s.day <= day]
    if not steps:
        say(f"as known on {day.isoformat()}: no source had been published yet")
    else:
        step = steps[-1]
        approx = f" ({', '.join(step.sources)} dated approximately)" if step.approximate else ""
        say(f"as known on {day.isoformat()}: {step.known} of {step.total} sources{approx}")
    begin_as_of(cursor, day)


def _run(db: Any, query: str, fmt: str, day: date | None = None) -> None:
    import duckdb

    from kctui.cli.output import Sink, copy_query, write_rows
    from kctui.core.db import QueryError, check_attached, clean_message, guard, split_statements

    try:
        statements = split_statements(query)
    except QueryError as exc:
        raise CliError(str(exc)) from None
    if not statements:
        raise CliError("no statement to run (only comments or semicolons)")
    cursor = db.cursor()
    try:
        if day is not None:
            _as_of(db, cursor, day)
        for index, statement in enumerate(statements):
            last = index == len(statements) - 1
            stype = guard(statement)
            if last and fmt != "table" and stype in _WRAPPABLE:
                copy_query(cursor, statement, fmt, Sink())
                return
            cursor.execute(statement)
            if stype == "ATTACH":
                check_attached(cursor)
        if cursor.description:
            write_rows(cursor, fmt, Sink())
    except QueryError as exc:
        raise CliError(str(exc)) from None
    except (duckdb.Error, RuntimeError) as exc:
        # Ctrl-C reaches DuckDB first, which stops the query and says so.
        if isinstance(exc, duckdb.InterruptException) or "interrupted" in str(exc).lower():
            raise KeyboardInterrupt from None
        if not isinstance(exc, duckdb.Error):
            raise
        raise CliError(clean_message(exc)) from None
    finally:
        cursor.close()
