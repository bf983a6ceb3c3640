"""The curated file's integrity: what the build wrote is what every open reads.

The build records a *content digest* in the database's ``meta`` table: a hash over
every table's rows, every view's SQL and every comment (:data:`DIGEST_SQL`). Any
change made behind kctui's back (an ``UPDATE`` through a read-write ``ATTACH``, a
``COPY ... TO`` over the file, a hard link written through, a truncated copy) changes
what the digest computes to, so the file fails its check.

Recomputing the digest reads every row: a few milliseconds on the curated data, more at
scale. So a verified file gets a *seal* beside it (``<file>.kctui-seal``: its size,
inode, mtime and ctime, and the digest), and an open whose ``stat`` still matches the
seal costs a ``stat`` and a small read. Any write to the file moves its mtime and
ctime, and the full check runs again.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEAL_SUFFIX = ".kctui-seal"
DIGEST_KEY = "content_digest"
"""The ``meta`` key the build stores the digest under."""
UNSEALED_KEYS = (DIGEST_KEY, "built_at")
"""``meta`` rows the digest leaves out (the digest itself; the build's clock)."""


class IntegrityError(Exception):
    """The file is not what the build wrote; the message says why, in one line."""


def digest_sql(catalog: str, tables: list[str]) -> str:
    """The query that computes the content digest of ``catalog`` over ``tables``.

    Per table, its row count and the XOR of its rows' hashes (order does not matter),
    then the views' SQL and every comment, all hashed together.
    """
    parts = []
    for table in sorted(tables):
        where = f" WHERE key NOT IN {UNSEALED_KEYS!r}" if table == "meta" else ""
        parts.append(
            f"SELECT '{table}' AS part, count(*)::VARCHAR || ':' || "
            f"coalesce(bit_xor(hash(t))::VARCHAR, '') AS value "
            f'FROM "{catalog}".main."{table}" t{where}'
        )
    parts.append(
        "SELECT 'views', string_agg(view_name || '=' || sql, ';' ORDER BY view_name) "
        f"FROM duckdb_views() WHERE database_name = '{catalog}' AND NOT internal"
    )
    parts.append(
        "SELECT 'comments', string_agg(table_name || '.' || column_name || '=' || "
        "coalesce(comment, ''), ';' ORDER BY table_name, column_index) "
        f"FROM duckdb_columns() WHERE database_name = '{catalog}'"
    )
    parts.append(
        "SELECT 'relations', string_agg(name || '=' || coalesce(comment, ''), ';' ORDER BY name) "
        f"FROM (SELECT table_name AS name, comment FROM duckdb_tables() "
        f"WHERE database_name = '{catalog}' UNION ALL SELECT view_name, comment "
        f"FROM duckdb_views() WHERE database_name = '{catalog}' AND NOT internal)"
    )
    union = "\nUNION ALL\n".join(parts)
    return f"SELECT sha256(string_agg(part || ':' || coalesce(value, ''), '|' ORDER BY part)) FROM (\n{union}\n)"


def content_digest(con: Any, catalog: str) -> str:
    """The content digest of ``catalog`` on the DuckDB connection ``con``."""
    tables = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",
            [catalog],
        ).fetchall()
    ]
    row = con.execute(digest_sql(catalog, tables)).fetchone()
    return str(row[0]) if row else ""


@dataclass(frozen=True)
class Seal:
    """What a verified file looked like: ``stat`` fields and its digest."""

    size: int
    inode: int
    mtime_ns: int
    ctime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path, digest: str) -> Seal:
        st = path.stat()
        return cls(st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, digest)


def seal_path(path: Path) -> Path:
    return path.with_name(path.name + SEAL_SUFFIX)


def read_seal(path: Path) -> Seal | None:
    """The seal beside ``path``, if there is a readable one."""
    try:
        data = json.loads(seal_path(path).read_text(encoding="utf-8"))
        return Seal(**{k: data[k] for k in Seal.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_seal(path: Path, digest: str) -> None:
    """Seal ``path`` as verified (best effort: a read-only folder just goes unsealed)."""
    seal = Seal.of(path, digest)
    target = seal_path(path)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(seal.__dict__), encoding="utf-8")
        os.replace(tmp, target)
    with contextlib.suppress(OSError):
        tmp.unlink()


def sealed(path: Path) -> bool:
    """Whether ``path`` is as it was when last verified (a ``stat``, no reading).

    A write-ahead log beside it holds changes DuckDB would replay at open without the
    file's own ``stat`` moving: then the full check runs.
    """
    seal = read_seal(path)
    if seal is None or path.with_name(path.name + ".wal").exists():
        return False
    try:
        return Seal.of(path, seal.digest) == seal
    except OSError:
        return False


def verify(con: Any, catalog: str, path: Path) -> None:
    """Check that the attached ``catalog`` (the file ``path``) is what its build wrote.

    Raises :class:`IntegrityError`; on success seals the file, so the next open is a
    ``stat``.
    """
    if sealed(path):
        return
    try:
        row = con.execute(
            f"SELECT value FROM \"{catalog}\".main.meta WHERE key = '{DIGEST_KEY}'"
        ).fetchone()
    except Exception as exc:  # duckdb.Error: no meta table, unreadable pages
        raise IntegrityError(f"cannot read its build record ({_one_line(exc)})") from None
    if row is None:
        raise IntegrityError("it carries no content digest (built by an older kctui?)")
    try:
        actual = content_digest(con, catalog)
    except Exception as exc:  # duckdb.Error: a corrupt page, a missing table
        raise IntegrityError(f"its content cannot be read ({_one_line(exc)})") from None
    if actual != row[0]:
        raise IntegrityError("its content differs from what the build wrote (changed since)")
    write_seal(path, actual)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]
