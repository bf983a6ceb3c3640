"""``kctui build``: validate the curated CSVs and write the database, atomically.

``--out`` replaces only what is already a kctui database (``--force`` for another
regular file); never a folder, a link or a special file such as ``/dev/null``.
"""

from __future__ import annotations

import argparse
import stat
import sys
from pathlib import Path
from typing import Any

from kctui.cli.common import CliError, say


def add_parser(sub: Any) -> None:
    b = sub.add_parser("build", help="validate data/*.csv and write the DuckDB file atomically")
    b.add_argument("--out", metavar="PATH", help="where to write (default: the user cache)")
    b.add_argument("--check", action="store_true", help="validate only; write nothing")
    b.add_argument(
        "--data", metavar="DIR", help="directory of curated CSVs (default: the packaged data)"
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="let --out replace a regular file that is not a kctui database",
    )


def _is_kctui_database(path: Path) -> bool:
    import duckdb

    from kctui.core.db import connect

    try:
        con = connect()
    except duckdb.Error:
        return False
    try:
        con.execute("ATTACH ? AS probe (READ_ONLY)", [str(path)])
        row = con.execute(
            "SELECT value FROM probe.main.meta WHERE key = 'schema_version'"
        ).fetchone()
        return row is not None
    except duckdb.Error:
        return False
    finally:
        con.close()


def check_target(out: Path, force: bool) -> None:
    """Refuse to replace what ``--out`` names unless it is ours to replace."""
    try:
        st = out.lstat()
    except FileNotFoundError:
        if not out.parent.is_dir():
            raise CliError(f"cannot write {out}: folder {out.parent} does not exist") from None
        return
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        raise CliError(f"{out} is a symbolic link; give the path of the file itself")
    if stat.S_ISDIR(st.st_mode):
        raise CliError(f"{out} is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise CliError(f"{out} is not a regular file; kctui build never replaces it")
    if not force and not _is_kctui_database(out):
        raise CliError(
            f"{out} exists and is not a kctui database; remove it, choose another path, "
            "or pass --force to replace it"
        )


def run(args: argparse.Namespace) -> int:
    from kctui.build import BuildError, build
    from kctui.build.cache import default_db_path
    from kctui.core.paths import curated_dir

    if args.out is not None and not args.out.strip():
        raise CliError("--out needs a file name")
    source = Path(args.data) if args.data else curated_dir()
    if not source.is_dir():
        raise CliError(f"data directory not found: {source}")
    target = Path(args.out).expanduser() if args.out else default_db_path(source)
    if args.out and not args.check:
        check_target(target, args.force)
    try:
        ds = build(source, None if args.check else target, check=args.check)
    except BuildError as exc:
        for problem in exc.problems:
            # As a compiler reports: file:line: column: problem, one a line.
            say(
                f"{source / problem.file}:{problem.line}: {problem.column}: {problem.message}",
                prefix="",
            )
        if not exc.problems:
            raise CliError(f"{exc}; nothing was replaced") from None
        say(f"error: {len(exc.problems)} problem(s); nothing was written")
        return 1
    counts = ", ".join(
        f"{len(ds.tables[t])} {t}" for t in ("facts", "excerpts", "financing_rounds")
    )
    from kctui.core.text import visible

    print(f"ok: {counts} valid" if args.check else f"built {visible(str(target))} ({counts})")
    sys.stdout.flush()
    return 0
