"""The query layer: a small typed interface over DuckDB. No Textual import here.

The curated file is ATTACHed READ_ONLY into an in-memory database: users get a
scratch space for their own tables (``CREATE TABLE`` lands in memory) and can never
change the curated data. Unqualified names resolve to scratch first, then the curated
catalog. Every open checks the file is what its build wrote (:mod:`kctui.core.integrity`).

Nothing reaches for the network: extension installs and loads are off and the
configuration is *locked* when the connection opens (``lock_configuration``), so no
query can turn them back on; ``INSTALL`` and ``LOAD`` are refused before DuckDB sees
them (:func:`guard`), since ``INSTALL x FROM core`` would try a download even so.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb

from kctui.core.integrity import DIGEST_KEY, IntegrityError, verify
from kctui.core.schema import SCHEMA_VERSION
from kctui.core.text import visible

CATALOG = "kc"
# search_path is a session setting (the lock leaves it free): every cursor sets it.
_SESSION_SETTINGS = f"SET search_path = 'memory.main,{CATALOG}.main'"
OFFLINE_REPOSITORY = "/nonexistent/kctui-offline-extensions"
CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_extension_repositories": "forbidden",
    # An INSTALL that got past guard() fails at once on a path that does not exist.
    "custom_extension_repository": OFFLINE_REPOSITORY,
    "autoinstall_extension_repository": OFFLINE_REPOSITORY,
    # What an analyst may still tune in the console; everything else is locked.
    "allowed_configs": [
        "threads",
        "memory_limit",
        "max_memory",
        "TimeZone",
        "Calendar",
        "default_order",
        "default_null_order",
        "preserve_insertion_order",
        "explain_output",
        "enable_profiling",
        "profiling_mode",
    ],
}
"""The configuration of every connection kctui opens (the build's included)."""
# Session settings, then the lock (cursors inherit both). DuckDB draws a progress bar
# on stdout when Python looks interactive: over a TUI that is garbage, and in
# `kctui sql` output it is noise.
_LOCKDOWN = "SET enable_progress_bar = false; SET lock_configuration = true"


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection as kctui opens every one: offline, no progress bar, locked."""
    con = duckdb.connect(database, config=CONFIG)
    try:
        con.execute(_LOCKDOWN)
    except BaseException:
        con.close()
        raise
    return con


OFFLINE = (
    "kctui runs offline: DuckDB extensions cannot be installed or loaded, and "
    "network settings are locked"
)


class QueryError(Exception):
    """A DuckDB error, as one clean line for the user."""


class DatabaseError(QueryError):
    """The database file is missing, corrupt or not a kctui database."""


def clean_message(exc: BaseException) -> str:
    """DuckDB's message as one line, without the Python exception class."""
    text = str(exc).strip()
    first, _, rest = text.partition("\n")
    # Keep DuckDB's "LINE 1: ..." position hint, drop the caret line and blank lines.
    lines = [first] + [ln.strip() for ln in rest.splitlines() if ln.strip().startswith("LINE")]
    message = " ".join(lines)
    if "kctui-offline-extensions" in message or "requires the extension" in message:
        message += f" ({OFFLINE})"
    elif "configuration has been locked" in message:
        message += " (kctui locks DuckDB's settings so that nothing reaches the network)"
    return message


def statement_type(sql: str) -> str:
    """DuckDB's statement type of ``sql`` (``"UNKNOWN"`` if it does not parse)."""
    try:
        parsed = duckdb.extract_statements(sql)
    except duckdb.Error:
        return "UNKNOWN"
    if not parsed:
        return "UNKNOWN"
    return str(parsed[-1].type).rsplit(".", 1)[-1]


def _detaches_curated(sql: str) -> bool:
    """Whether the DETACH statement ``sql`` names the curated catalog.

    Read from DuckDB's tokens, comments dropped: ``DETACH kc /* */`` and
    ``/*x*/ DETACH "KC" -- bye`` detach it as surely as ``DETACH kc`` does.
    """
    try:
        tokens = duckdb.tokenize(sql)
    except duckdb.Error:
        return False
    words = []
    for index, (start, kind) in enumerate(tokens):
        end = tokens[index + 1][0] if index + 1 < len(tokens) else len(sql)
        if kind == duckdb.token_type.comment:
            continue
        text = sql[start:end].strip()
        if text in ("", ";"):
            continue
        if text.startswith('"') and text.endswith('"') and len(text) >= 2:
            text = text[1:-1].replace('""', '"')
        words.append(text.lower())
    while words and words[0] in ("detach", "database", "if", "exists"):
        words.pop(0)
    return bool(words) and words[0] == CATALOG


def guard(sql: str) -> str:
    """Refuse what kctui never runs; return the statement's type.

    ``INSTALL`` and ``LOAD`` (DuckDB tries a download for ``INSTALL x FROM core``
    whatever the settings say), and detaching the curated database (every later query
    would find nothing).
    """
    stype = statement_type(sql)
    if stype == "LOAD":
        raise QueryError(OFFLINE)
    if stype == "DETACH" and _detaches_curated(sql):
        raise QueryError(f"{CATALOG} is the curated database; it stays attached (read-only)")
    return stype


WRITABLE_KCTUI = (
    "{path} is a kctui database: it can only be attached read-only "
    "(ATTACH '…' AS name (READ_ONLY)); it was detached again"
)


def check_attached(con: Any) -> None:
    """After an ``ATTACH``: a kctui database attached writable is detached at once and
    refused (:class:`QueryError`), so no statement can change one and then forge
    its digest; any other database may be attached as the user likes."""
    writable = con.execute(
        "SELECT database_name, path FROM duckdb_databases() "
        "WHERE NOT readonly AND NOT internal AND path IS NOT NULL AND type = 'duckdb'"
    ).fetchall()
    for name, path in writable:
        quoted = '"' + str(name).replace('"', '""') + '"'
        has_meta = con.execute(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE database_name = ? AND schema_name = 'main' AND table_name = 'meta'",
            [name],
        ).fetchone()[0]
        if not has_meta:
            continue
        try:
            sealed = con.execute(
                f"SELECT count(*) FROM {quoted}.main.meta WHERE key = ?", [DIGEST_KEY]
            ).fetchone()[0]
        except duckdb.Error:  # a meta table of some other kind: not kctui's
            continue
        if sealed:
            con.execute(f"DETACH {quoted}")
            raise QueryError(WRITABLE_KCTUI.format(path=visible(str(path))))


@dataclass(frozen=True)
class Column:
    """A column of a table or view, with its type and COMMENT."""

    name: str
    type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    """A table or view of the curated catalog or the scratch database."""

    database: str
    name: str
    kind: str  # "table", "view" or "macro" (a table macro: used as name(arguments))
    comment: str | None
    columns: tuple[Column, ...]
    parameters: tuple[str, ...] = ()
    """A table macro's parameters, in order."""


@dataclass(frozen=True)
class Result:
    """A fully fetched (small) result."""

    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Queryable(Protocol):
    """What the loaders of the screens need: :class:`Database`, or a session on it as
    known on a day (:class:`kctui.core.asof.AsOfSession`)."""

    def query(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        """Run a (small) query and fetch everything."""
        ...

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts keyed by column name."""
        ...


def open_readonly(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """Connect to memory with the curated file attached read-only as ``kc``."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"database not found: {path}")
    con = connect()
    try:
        con.execute(f"ATTACH ? AS {CATALOG} (READ_ONLY)", [str(path)])
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"cannot open {path}: {_describe_open_error(exc)}") from None
    con.execute(_SESSION_SETTINGS)
    return con


def _describe_open_error(exc: duckdb.Error) -> str:
    msg = clean_message(exc)
    if re.search(r"not a valid DuckDB database|Corrupt|corrupt|checksum|truncated|magic", msg):
        return f"not a valid DuckDB database file ({msg})"
    if re.search(r"lock", msg, re.I):
        return f"the file is locked by another process ({msg})"
    return msg


class Database:
    """The curated database, opened read-only, with a scratch space in memory.

    One connection; each worker thread takes its own cursor (DuckDB's rule).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.con = open_readonly(self.path)
        self._lock = threading.Lock()
        self.check_schema()
        try:
            verify(self.con, CATALOG, self.path.resolve())
        except IntegrityError as exc:
            self.close()
            raise DatabaseError(f"{self.path} failed its integrity check: {exc}") from None

    def check_schema(self) -> None:
        """Refuse a DuckDB file that is not a kctui database of this schema version."""
        try:
            row = self.con.execute(
                f"SELECT value FROM {CATALOG}.main.meta WHERE key = 'schema_version'"
            ).fetchone()
        except duckdb.Error:
            self.close()
            raise DatabaseError(
                f"{self.path} is not a kctui database (no meta table); "
                "run 'kctui build --out PATH' to make one"
            ) from None
        if row is None or row[0] != SCHEMA_VERSION:
            found = row[0] if row else "none"
            self.close()
            raise DatabaseError(
                f"{self.path} has schema version {found}, this kctui reads {SCHEMA_VERSION}; "
                "rebuild it with 'kctui build --out PATH'"
            )

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for use in one thread (shares the attached catalog and scratch)."""
        with self._lock:
            cur = self.con.cursor()
        # Settings are per connection: each cursor needs them again.
        cur.execute(_SESSION_SETTINGS)
        return cur

    def query(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        """Run a (small) query and fetch everything; errors become :class:`QueryError`."""
        cur = self.cursor()
        try:
            rel = cur.execute(sql, params or [])
            if rel.description is None:
                return Result((), (), [])
            columns = tuple(d[0] for d in rel.description)
            types = tuple(str(d[1]) for d in rel.description)
            return Result(columns, types, rel.fetchall())
        except duckdb.Error as exc:
            raise QueryError(clean_message(exc)) from None
        finally:
            cur.close()

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts keyed by column name."""
        result = self.query(sql, params)
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    def catalog(self) -> list[Relation]:
        """Tables and views (curated and scratch) with their columns and comments."""
        rels = self.query(
            """
            SELECT database_name, table_name, 'table', comment FROM duckdb_tables()
            WHERE database_name IN ('memory', ?) AND schema_name = 'main' AND NOT internal
            UNION ALL
            SELECT database_name, view_name, 'view', comment FROM duckdb_views()
            WHERE database_name IN ('memory', ?) AND schema_name = 'main' AND NOT internal
            """,
            [CATALOG, CATALOG],
        ).rows
        cols = self.query(
            """
            SELECT database_name, table_name, column_name, data_type, comment
            FROM duckdb_columns()
            WHERE database_name IN ('memory', ?) AND schema_name = 'main' AND NOT internal
            ORDER BY column_index
            """,
            [CATALOG],
        ).rows
        by_rel: dict[tuple[str, str], list[Column]] = {}
        for db, table, name, dtype, comment in cols:
            by_rel.setdefault((db, table), []).append(Column(name, dtype, comment))
        out = [
            Relation(db, name, kind, comment, tuple(by_rel.get((db, name), ())))
            for db, name, kind, comment in rels
        ]
        out += self._table_macros()
        # Curated first, tables, then views, then macros, then by name.
        order = {"table": 0, "view": 1}
        out.sort(key=lambda r: (r.database != CATALOG, order.get(r.kind, 2), r.name))
        return out

    def _table_macros(self) -> list[Relation]:
        """Table macros (``facts_as_of(day)``), with the columns they return."""
        found = self.query(
            """
            SELECT database_name, function_name, comment, parameters FROM duckdb_functions()
            WHERE database_name IN ('memory', ?) AND schema_name = 'main'
              AND function_type = 'table_macro' AND NOT internal
            """,
            [CATALOG],
        ).rows
        out = []
        for db, name, comment, parameters in found:
            nulls = ", ".join("NULL" for _ in parameters or ())
            try:
                described = self.query(f'DESCRIBE SELECT * FROM "{db}".main."{name}"({nulls})').rows
            except QueryError:
                described = []
            columns = tuple(Column(r[0], r[1], None) for r in described)
            out.append(Relation(db, name, "macro", comment, columns, tuple(parameters or ())))
        return out

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with contextlib.suppress(duckdb.Error):
            self.con.close()


def split_statements(sql: str) -> list[str]:
    """Split SQL into statements with DuckDB's own parser (a ';' in a string stays put)."""
    try:
        return [s.query for s in duckdb.extract_statements(sql)]
    except duckdb.Error as exc:
        raise QueryError(clean_message(exc)) from None
