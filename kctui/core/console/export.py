"""Export a console result to CSV, Parquet or JSON. No Textual here.

The result is written by DuckDB itself, re-running the query with ``COPY (query) TO``:
nothing is held in Python memory, whatever the size. The file is written under a
temporary name in the target folder and moved into place when complete, so a failed
or cancelled export never leaves half a file, nor clobbers an existing one.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb

from kctui.core.db import clean_message

FORMATS: dict[str, tuple[str, str]] = {
    # name: (extension, COPY options)
    "csv": (".csv", "FORMAT csv, HEADER true"),
    "parquet": (".parquet", "FORMAT parquet"),
    "json": (".json", "FORMAT json, ARRAY true"),
}
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
}


class ExportError(Exception):
    """The export failed; the message is one line for the user."""


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The format a file name asks for by its extension, if any."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def with_format(path: str, fmt: str) -> str:
    """``path`` with the extension of ``fmt`` (an existing known extension is replaced)."""
    ext = FORMATS[fmt][0]
    p = Path(path)
    if p.suffix.lower() in _EXTENSIONS:
        return str(p.with_suffix(ext)) if p.name != p.suffix else path + ext
    return path + ext


def resolve(path: str) -> Path:
    """The absolute path an export to ``path`` would write (``~`` expanded)."""
    if not path.strip():
        raise ExportError("no file name given")
    return Path(path.strip()).expanduser().absolute()


def export(
    cursor_factory: Callable[[], duckdb.DuckDBPyConnection],
    sql: str,
    path: str | os.PathLike[str],
    fmt: str,
    *,
    overwrite: bool = False,
    on_cursor: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> int:
    """Write the result of ``sql`` to ``path``; return the number of rows written.

    Refuses to replace an existing file unless ``overwrite``. ``on_cursor`` receives
    the cursor doing the work, so the caller can interrupt it.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    if target.exists() and not target.is_file() and not target.is_symlink():
        # A device or a FIFO: the rename below would put a file in its place (as root,
        # a file where /dev/null was).
        raise ExportError(f"{target} is not a regular file; an export never replaces it")
    if target.exists() and not overwrite:
        raise ExportError(f"{target} already exists")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"cannot write {target}: folder {folder} is not writable")
    tmp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    # A trailing "-- comment" in the user's SQL must not swallow the closing parenthesis.
    copy = f"COPY (\n{sql.strip().rstrip(';')}\n) TO ? ({FORMATS[fmt][1]})"
    cursor = cursor_factory()
    try:
        _refuse_attached(cursor, target)
        if on_cursor is not None:
            on_cursor(cursor)
        row = cursor.execute(copy, [str(tmp)]).fetchone()
        os.replace(tmp, target)
    except duckdb.InterruptException:
        raise ExportError("export cancelled") from None
    except duckdb.Error as exc:
        raise ExportError(f"cannot export to {target}: {clean_message(exc)}") from None
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        cursor.close()
        with contextlib.suppress(OSError):
            tmp.unlink()
    return int(row[0]) if row and isinstance(row[0], int) else 0


def _refuse_attached(cursor: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Refuse to write over a database file the session has attached (the curated one:
    DuckDB's own COPY refuses it, but the export writes a temporary file and renames)."""
    if not target.exists():
        return
    rows = cursor.execute(
        "SELECT database_name, path FROM duckdb_databases() WHERE path IS NOT NULL"
    ).fetchall()
    for name, path in rows:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, target):
                raise ExportError(
                    f"{target} is the database attached as {name}; export to another file"
                )
