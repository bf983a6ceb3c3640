"""The default database: built from the packaged CSVs into the user cache on first use.

Its file name carries the hash of the CSVs and the build code, so it can never be
stale: edit a CSV or upgrade kctui and the next launch builds a new file (well under
a second). An explicit ``--db`` file is never built or modified.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kctui.build.rules import TABLE_NAMES
from kctui.core.paths import PACKAGE_DIR, cache_dir, curated_dir
from kctui.core.schema import SCHEMA_SQL, SCHEMA_VERSION

BUILD_CODE = (
    *sorted((PACKAGE_DIR / "build").glob("*.py")),
    PACKAGE_DIR / "core" / "amounts.py",
    PACKAGE_DIR / "core" / "periods.py",
    PACKAGE_DIR / "core" / "queries.py",  # dashboard_facts is filled by one of its queries
    SCHEMA_SQL,
)
"""Everything besides the CSVs whose change changes what a build writes."""


class DatabaseUnavailable(Exception):
    """The database could not be found or built; the message is one line for the user."""


def content_hash(data_dir: Path) -> str:
    """Hash of everything a database is built from: the CSVs and the build code.

    Reading ~100 KB takes about a millisecond, so it is done on every launch.
    """
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in [*(data_dir / f"{name}.csv" for name in TABLE_NAMES), *BUILD_CODE]:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


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
