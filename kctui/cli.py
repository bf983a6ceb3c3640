"""The ``kctui`` command: launch the explorer, run SQL, build the database.

A thin entry point. ``kctui sql`` and ``kctui build`` never import Textual or pandas
(a test checks ``sys.modules``): that is what keeps them about as fast as importing
DuckDB. Every failure a user can cause prints one line on stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from kctui.version import __version__

EPILOG = """\
commands:
  kctui                      open the explorer (dashboard, detail views, SQL console)
  kctui sql "QUERY"          run SQL against the curated database, read-only
  kctui build [--check]      validate data/*.csv and build the database

examples:
  kctui sql "select period, revenue from annual_results" --format csv
  kctui sql "select * from conflicts" --format json
  kctui build --out kc.duckdb && kctui --db kc.duckdb
"""


_fast_exit = False  # set once `kctui sql` has produced its output


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kctui",
        description="Kingsoft Cloud's financial history in the terminal: every number "
        "traceable to the sentence that states it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kctui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="open this database instead of the curated default"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sql = sub.add_parser("sql", help="run a SQL query against the curated database (read-only)")
    sql.add_argument(
        "query", help="the SQL to run; several statements run in order, the last shows"
    )
    sql.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default: table)",
    )
    sql.add_argument("--db", metavar="PATH", dest="sub_db", help="database to query")

    b = sub.add_parser("build", help="validate data/*.csv and write the DuckDB file atomically")
    b.add_argument("--out", metavar="PATH", help="where to write (default: the user cache)")
    b.add_argument("--check", action="store_true", help="validate only; write nothing")
    b.add_argument(
        "--data", metavar="DIR", help="directory of curated CSVs (default: the packaged data)"
    )
    return parser


def entry() -> None:
    """The console script: :func:`main`, then a fast exit after ``kctui sql``.

    Tearing DuckDB down at interpreter exit costs about as much as the query itself;
    after ``sql`` nothing is left to save (the curated file is attached read-only and
    the scratch database is in memory), so the process ends as soon as output is
    flushed.
    """
    status = main(sys.argv[1:])
    if _fast_exit:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kctui`` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "sql":
            return _cmd_sql(args.query, args.format, args.sub_db or args.db)
        if args.command == "build":
            return _cmd_build(args.data, args.out, args.check)
        return _cmd_app(args.db)
    except CliError as exc:
        print(f"kctui: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kctui: interrupted", file=sys.stderr)
        return 130


def _open(db: str | None) -> Any:
    from kctui.build.cache import DatabaseUnavailable, ensure_database
    from kctui.core.db import Database, DatabaseError

    try:
        return Database(ensure_database(db))
    except (DatabaseUnavailable, DatabaseError) as exc:
        raise CliError(str(exc)) from None


def _cmd_sql(query: str, fmt: str, db_path: str | None) -> int:
    from kctui.core.db import QueryError, split_statements

    if not query.strip():
        raise CliError("empty query")
    db = _open(db_path)
    try:
        result = None
        for statement in split_statements(query):
            result = db.query(statement)
    except QueryError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.close()
    if result is not None and result.columns:
        write_result(result.columns, result.rows, fmt, sys.stdout)
    global _fast_exit
    _fast_exit = True
    return 0


def _cmd_build(data: str | None, out: str | None, check: bool) -> int:
    from kctui.build import BuildError, build
    from kctui.build.cache import default_db_path
    from kctui.core.paths import curated_dir

    source = Path(data) if data else curated_dir()
    if not source.is_dir():
        raise CliError(f"data directory not found: {source}")
    target = Path(out) if out else default_db_path(source)
    try:
        ds = build(source, None if check else target, check=check)
    except BuildError as exc:
        for problem in exc.problems:
            print(
                f"{source / problem.file}:{problem.line}: {problem.column}: {problem.message}",
                file=sys.stderr,
            )
        if not exc.problems:
            raise CliError(str(exc)) from None
        print(f"kctui: error: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(ds.tables[t])} {t}" for t in ("facts", "excerpts", "financing_rounds")
    )
    if check:
        print(f"ok: {counts} valid")
    else:
        print(f"built {target} ({counts})")
    return 0


def _cmd_app(db: str | None) -> int:
    app = open_app(db)
    app.run()
    return app.return_code or 0


def open_app(db: str | None) -> Any:
    """The explorer on ``db`` (default: the curated database, built on first use).

    The database is found (or built) here, then :func:`kctui.ui.create_app` opens it on
    a thread while Textual is imported. A database that can't be found, built or opened
    is a :class:`CliError`, before anything is drawn.
    """
    from kctui.build.cache import DatabaseUnavailable, ensure_database
    from kctui.core.db import DatabaseError
    from kctui.ui import create_app

    try:
        return create_app(ensure_database(db), preload=True)
    except (DatabaseUnavailable, DatabaseError) as exc:
        raise CliError(str(exc)) from None


# --- output ---------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def write_result(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: TextIO
) -> None:
    """Write a result as an aligned table, CSV or JSON."""
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else _cell(v) for v in row] for row in rows])
        return
    if fmt == "json":
        import json

        def default(value: Any) -> Any:
            return str(value)

        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, out, ensure_ascii=False, default=default, indent=1)
        out.write("\n")
        return
    from kctui.core.text import cell_width, visible

    cells = [[visible(_cell(v), newlines="mark") for v in row] for row in rows]
    columns = [visible(c, newlines="mark") for c in columns]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(columns))
    ]
    widths = [
        max([cell_width(c), *(cell_width(r[i]) for r in cells)]) for i, c in enumerate(columns)
    ]

    def fit(text: str, i: int) -> str:
        pad = " " * (widths[i] - cell_width(text))
        return pad + text if numeric[i] else text + pad

    out.write(" │ ".join(fit(c, i) for i, c in enumerate(columns)).rstrip() + "\n")
    out.write("─┼─".join("─" * w for w in widths) + "\n")
    for row in cells:
        out.write(" │ ".join(fit(c, i) for i, c in enumerate(row)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
