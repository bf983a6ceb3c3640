"""Where the curated data and the built database live.

An installed kctui carries its CSVs inside the package (``kctui/_data``); a source
checkout reads ``data/`` beside the package. The default database is built from them
into the user cache on first use, under a file name that carries the hash of the CSVs
and the build code, so it can never be stale: edit a CSV or upgrade kctui and the
next launch builds a new file (well under a second).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_VERSION = "2"
SCHEMA_SQL = PACKAGE_DIR / "schema.sql"
#: The CSVs a database is built from, one per table (build.py checks its columns).
TABLE_NAMES = ("sources", "excerpts", "entities", "metrics", "facts", "financing_rounds", "events")


def content_hash(data_dir: Path) -> str:
    """Hash of everything a database is built from: the CSVs and the build code.

    The default database's file name carries this hash, so an edited CSV or a new
    kctui version can never be served a stale database. Reading ~100 KB takes about a
    millisecond, so it is done on every launch.
    """
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    build_code = (
        PACKAGE_DIR / "build.py",
        PACKAGE_DIR / "parse.py",
        PACKAGE_DIR / "queries.py",  # dashboard_facts is filled by one of its queries
        SCHEMA_SQL,
    )
    for path in [*(data_dir / f"{name}.csv" for name in TABLE_NAMES), *build_code]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


class DatabaseUnavailable(Exception):
    """The database could not be found or built; the message is one line for the user."""


def data_dir() -> Path:
    """The directory holding the curated CSVs."""
    override = os.environ.get("KCTUI_DATA_DIR")
    if override:
        return Path(override)
    packaged = PACKAGE_DIR / "_data"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "data"


def cache_dir() -> Path:
    """Where built databases are cached (``KCTUI_CACHE_DIR`` overrides)."""
    override = os.environ.get("KCTUI_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kctui", appauthor=False))


def default_db_path(source: Path | None = None) -> Path:
    """The cached database for the current curated data."""
    source = source or data_dir()
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
    source = data_dir()
    if not (source / "facts.csv").exists():
        raise DatabaseUnavailable(f"curated data not found in {source}")
    target = default_db_path(source)
    if target.exists():
        return target
    # Only now pay for the build machinery (csv, decimal, the parser).
    from kctui.build import BuildError, build

    fallback = Path(tempfile.gettempdir()) / f"kctui-{os.getuid() if hasattr(os, 'getuid') else 0}"
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
