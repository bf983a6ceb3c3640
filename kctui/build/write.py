"""Write validated rows to a DuckDB file, atomically; :func:`build` validates, then writes.

The database is assembled in one transaction in a temporary file beside the target
and renamed over it once closed, so a reader only ever sees the old file or the
complete new one, and a failed or interrupted build leaves the old one untouched.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kctui.build.errors import BuildError, Problem
from kctui.build.inputs import content_hash
from kctui.build.validate import Validated, validate
from kctui.core import queries
from kctui.core.db import Database, DatabaseError, clean_message, connect
from kctui.core.integrity import DIGEST_KEY, content_digest, read_seal, seal_path, write_seal
from kctui.core.schema import SCHEMA_SQL, SCHEMA_VERSION
from kctui.version import __version__

# The tables filled from the curated rows, in the order their references need.
LOADED_TABLES = (
    "sources",
    "documents",
    "excerpts",
    "entities",
    "metrics",
    "facts",
    "financing_rounds",
    "events",
    "derivation_rules",
    "conflict_causes",
)
_NULL = "\\N"


def _literal(text: str) -> str:
    """A SQL string literal (COPY takes its file name as a literal)."""
    return "'" + text.replace("'", "''") + "'"


def _insert(con: Any, table: str, rows: list[tuple[Any, ...]], scratch: Path) -> None:
    """Bulk-load rows through a CSV file: far faster than binding parameters row by row."""
    if not rows:
        return
    path = scratch / f"{table}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([[_NULL if v is None else v for v in row] for row in rows])
    con.execute(
        f"COPY {table} FROM {_literal(str(path))} "
        f"(FORMAT csv, HEADER false, NULLSTR {_literal(_NULL)}, AUTO_DETECT false, "
        "DELIMITER ',', QUOTE '\"', ESCAPE '\"', MAX_LINE_SIZE 268435456)"
    )


def _assemble(con: Any, ds: Validated, meta: list[tuple[str, str]]) -> None:
    """Schema (with its comments), rows, what the build computes, then the digest."""
    # One transaction: DuckDB commits every statement of its own otherwise, and a
    # commit per COMMENT ON was a fifth of the build.
    con.execute("BEGIN TRANSACTION")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="kctui-build-") as scratch:
        for table in LOADED_TABLES:
            _insert(con, table, ds.tables[table], Path(scratch))
        _insert(con, "meta", meta, Path(scratch))
    con.execute("INSERT INTO derived_facts SELECT * FROM derived_facts_query")
    con.execute("DROP VIEW derived_facts_query")
    con.execute("INSERT INTO conflicts SELECT * FROM conflicts_query")
    con.execute("DROP VIEW conflicts_query")
    _check_causes(con, ds)
    con.execute("INSERT INTO dashboard_facts " + queries.DASHBOARD_FACTS, queries.DASHBOARD_PARAMS)
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    digest = content_digest(con, catalog)
    con.execute("INSERT INTO meta VALUES (?, ?)", [DIGEST_KEY, digest])
    con.execute("COMMIT")
    # Everything into the file itself now, not a write-ahead log beside it: a failure
    # here (a full disk) raises, and nothing has been renamed yet.
    con.execute("CHECKPOINT")


def _check_causes(con: Any, ds: Validated) -> None:
    """Every curated cause explains a pair that does disagree (a fix to the data may have
    settled it: then the cause goes too)."""
    settled = con.execute(
        "SELECT c.fact_a, c.fact_b FROM conflict_causes c "
        "ANTI JOIN conflicts k ON k.fact_a = c.fact_a AND k.fact_b = c.fact_b"
    ).fetchall()
    if settled:
        raise BuildError(
            [
                Problem(
                    "conflict_causes.csv",
                    ds.cause_lines.get((a, b), 0),
                    "fact_a",
                    f"{a} and {b} do not disagree (as fact_a, fact_b): remove the row",
                )
                for a, b in settled
            ]
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_database(ds: Validated, out: Path, data_hash: str) -> None:
    """Write a validated dataset to ``out`` atomically, and only once it checks out.

    Into a temporary file beside ``out``: assembled, checkpointed and closed (an error
    at any step raises), opened again read-only and verified (schema, integrity), synced
    to disk, and only then renamed over ``out``. A failure anywhere leaves ``out`` as it
    was and removes what the build wrote.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    wal = tmp.with_name(tmp.name + ".wal")
    meta = [
        ("schema_version", SCHEMA_VERSION),
        ("data_hash", data_hash),
        ("kctui_version", __version__),
        ("built_at", datetime.now(UTC).isoformat(timespec="seconds")),
    ]
    try:
        con = connect(str(tmp))
        try:
            _assemble(con, ds, meta)
        finally:
            con.close()
        if wal.exists():
            raise BuildError(f"cannot write {out}: the database did not reach its file")
        Database(tmp).close()  # reads it back: schema version and content digest
        _fsync(tmp)
        os.replace(tmp, out)
        _fsync(out.parent)
        seal_path(out).unlink(missing_ok=True)
        digest = read_seal(tmp)
        if digest is not None:
            write_seal(out, digest.digest)
    except BaseException:
        for leftover in (tmp, wal, seal_path(tmp)):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        seal_path(tmp).unlink(missing_ok=True)


def build(data_dir: Path, out: Path | None = None, *, check: bool = False) -> Validated:
    """Validate ``data_dir`` and, unless ``check``, write the database to ``out``.

    Raises :class:`BuildError` listing every problem; the previous file at ``out``
    is left untouched in that case.
    """
    ds = validate(Path(data_dir))
    if ds.problems:
        raise BuildError(ds.problems)
    if not check:
        if out is None:
            raise ValueError("an output path is needed unless check=True")
        try:
            write_database(ds, Path(out), content_hash(Path(data_dir)))
        except OSError as exc:
            raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
        except DatabaseError as exc:
            raise BuildError(
                f"cannot write {out}: what was written does not read back ({exc})"
            ) from None
        except Exception as exc:  # duckdb.Error, imported lazily
            if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            if "interrupted" in str(exc).lower():
                raise KeyboardInterrupt from None
            raise BuildError(f"cannot write {out}: {clean_message(exc)}") from None
    return ds
