"""The default database: built from the packaged CSVs into the user cache on first use.

Its file name carries the hash of the CSVs and the build code, so it can never be
stale: edit a CSV or upgrade kctui and the next launch builds a new file (well under
a second). An explicit ``--db`` file is never built or modified.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kctui.build.inputs import content_hash
from kctui.core.paths import cache_dir, curated_dir


class DatabaseUnavailable(Exception):
    """The database could not be found or built; the message is one line for the user."""


def default_db_path(source: Path | None = None) -> Path:
    """The cached database for the current curated data."""
    source = source or curated_dir()
    return cache_dir() / f"kctui-{content_hash(source)[:16]}.duckdb"


def ensure_database(db: str | os.PathLike[str] | None = None) -> Path:
    """Return the path of a database to open, building the default one if needed.

    An explicit ``db`` must exist; it is never built or modified. The default is built
    from the curated CSVs when its content hash has no file yet. If the user cache is
    not writable, the database is built in the system temporary directory instead.
    """
    if db is not None:
        path = Path(db).expanduser()
        if not path.exists():
            raise DatabaseUnavailable(f"database not found: {path}")
        if path.is_dir():
            raise DatabaseUnavailable(f"database path is a directory: {path}")
        return path
    source = curated_dir()
    if not (source / "facts.csv").exists():
        raise DatabaseUnavailable(f"curated data not found in {source}")
    target = default_db_path(source)
    if target.exists():
        return target
    # Only now pay for the build machinery (csv, decimal, the parser).
    from kctui.build.errors import BuildError
    from kctui.build.write import build

    uid = os.getuid() if hasattr(os, "getuid") else 0
    fallback = Path(tempfile.gettempdir()) / f"kctui-{uid}"
    last_error = ""
    for candidate in (target, fallback / target.name):
        if candidate.exists():
            return candidate
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
