"""The default database: built from the packaged CSVs into the user cache on first use.

Its file name carries the hash of the CSVs and the build code, so it can never be
stale: edit a CSV or upgrade kctui and the next launch builds a new file (well under
a second). A cached file that fails its check at open (truncated, corrupt, changed
behind kctui's back) is rebuilt, with a one-line notice. An explicit ``--db`` file is
never built or modified: one that fails is refused.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kctui.build.inputs import content_hash
from kctui.core.db import Database, DatabaseError
from kctui.core.integrity import seal_path
from kctui.core.paths import cache_dir, curated_dir


class DatabaseUnavailable(Exception):
    """The database could not be found or built; the message is one line for the user."""


def default_db_path(source: Path | None = None) -> Path:
    """The cached database for the current curated data."""
    source = source or curated_dir()
    return cache_dir() / f"kctui-{content_hash(source)[:16]}.duckdb"


def check_path(db: str | os.PathLike[str]) -> Path:
    """``db`` as a path to open, if it can be one: it exists and is a regular file."""
    if not str(db).strip():
        raise DatabaseUnavailable("empty database path")
    path = Path(db).expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DatabaseUnavailable(f"database not found: {path}") from None
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot examine {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseUnavailable(f"database path is a directory: {path}")
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseUnavailable(f"database path is not a regular file: {path}")
    return path


def _private_fallback() -> Path | None:
    """A folder of this user's in the shared temporary directory, or ``None``.

    Anyone can create files there: a folder that is not ours, or that others may
    write to, is never used (a database planted in it would be served as ours).
    """
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"kctui-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != uid):
        return None
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder


def _discard(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal"), seal_path(path)):
        leftover.unlink(missing_ok=True)


def _notice(line: str) -> None:
    print(f"kctui: {line}", file=sys.stderr)


def ensure_database(db: str | os.PathLike[str] | None = None) -> Path:
    """The path of a database to open, building the default one if it is missing."""
    if db is not None:
        return check_path(db)
    source = curated_dir()
    if not (source / "facts.csv").is_file():
        raise DatabaseUnavailable(f"curated data not found in {source}")
    target = default_db_path(source)
    if target.is_file():
        return target
    fallback = _private_fallback()
    candidates = [target] + ([fallback / target.name] if fallback is not None else [])
    # Only now pay for the build machinery (csv, decimal, the parser).
    from kctui.build.errors import BuildError
    from kctui.build.write import build

    last_error = ""
    for candidate in candidates:
        if candidate is not target and candidate.is_file():
            return candidate  # built there by a run whose cache dir could not be written
        try:
            build(source, candidate)
            return candidate
        except BuildError as exc:
            if exc.problems:
                first = exc.problems[0]
                more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
                raise DatabaseUnavailable(
                    f"curated data is invalid: {source / first.file}:{first.line}: "
                    f"{first.column}: {first.message}{more}"
                ) from None
            last_error = str(exc)
    raise DatabaseUnavailable(f"cannot build the database: {last_error}")


def open_database(
    db: str | os.PathLike[str] | None = None, *, notice: Callable[[str], None] = _notice
) -> Database:
    """Open ``db`` (default: the cached curated database), verified.

    The default is rebuilt once if it fails at open, and ``notice`` says so in a line;
    a ``db`` of the user's that fails raises :class:`DatabaseError`.
    """
    path = ensure_database(db)
    if db is not None:
        return Database(path)
    try:
        return Database(path)
    except DatabaseError as exc:
        notice(f"{exc}; rebuilding it from the curated data")
    _discard(path)
    return Database(ensure_database(None))
