"""The ``kctui`` command: launch the explorer, run SQL, build the database, cite, serve.

A thin entry point: it parses the arguments and hands them to one module per command
(:mod:`~kctui.cli.explore`, :mod:`~kctui.cli.sql`, :mod:`~kctui.cli.build`,
:mod:`~kctui.cli.cite`, :mod:`~kctui.cli.serve`), each imported only when its command
runs. ``kctui sql`` and
``kctui build`` never import Textual or pandas, nor textual-serve (a test checks
``sys.modules``): that is what keeps them about as fast as importing DuckDB.

Every failure a user can cause is one line on stderr, with the terminal's escape
sequences made visible, and a non-zero exit: 1 for an error, 130 for Ctrl-C. A closed
output (``| head -1``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kctui.cli.common import CliError, say
from kctui.version import __version__

EPILOG = """\
commands:
  kctui                      open the explorer (dashboard, detail views, SQL console)
  kctui sql "QUERY"          run SQL against the curated database, read-only
  kctui build [--check]      validate data/*.csv and build the database
  kctui cite ID              the citation of a fact, round or excerpt (text, md, json)
  kctui config path          where the settings file (config.toml) is
  kctui serve [--open]       the explorer in a web browser (pip install 'kctui[serve]')

examples:
  kctui sql "select period, revenue from annual_results" --format csv
  kctui sql "select * from conflicts" --format json
  kctui sql --as-of 2022-10-07 "select period, revenue from annual_results"
  kctui build --out kc.duckdb && kctui --db kc.duckdb
  kctui cite f1001 --format md
"""

_fast_exit = False  # set once `kctui sql` has written its output


def parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    from kctui.cli import build, cite, config, serve, sql

    p = argparse.ArgumentParser(
        prog="kctui",
        description="Kingsoft Cloud's financial history in the terminal: every number "
        "traceable to the sentence that states it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kctui {__version__}")
    p.add_argument("--db", metavar="PATH", help="open this database instead of the curated default")
    p.add_argument(
        "--theme", metavar="NAME", help="the explorer's theme for this launch (e.g. nord)"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sql.add_parser(sub)
    build.add_parser(sub)
    cite.add_parser(sub)
    config.add_parser(sub)
    serve.add_parser(sub)
    return p


def entry() -> None:
    """The console script: :func:`main`, then a fast exit after ``kctui sql``.

    Tearing DuckDB down at interpreter exit costs about as much as the query itself;
    after ``sql`` nothing is left to save (the curated file is attached read-only and
    the scratch database is in memory), so the process ends as soon as output is
    flushed.
    """
    try:
        status = main(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C while the command's modules were still loading
        say("interrupted")
        status = 130
    if _fast_exit:
        try:
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            status = status or 0
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kctui`` command with ``argv``; return its exit status."""
    try:
        # Inside the try: building the parser imports every command's module, and a
        # Ctrl-C then is as much the user's as one during the query.
        args = parser().parse_args(argv)
        if args.command == "sql":
            from kctui.cli import sql

            status = sql.run(args)
            global _fast_exit
            _fast_exit = True
            return status
        if args.command == "build":
            from kctui.cli import build

            return build.run(args)
        if args.command == "cite":
            from kctui.cli import cite

            return cite.run(args)
        if args.command == "config":
            from kctui.cli import config

            return config.run(args)
        if args.command == "serve":
            from kctui.cli import serve

            return serve.run(args)
        from kctui.cli import explore

        return explore.run(args)
    except CliError as exc:
        say(f"error: {exc}")
        return exc.status
    except KeyboardInterrupt:
        say("interrupted")
        return 130
