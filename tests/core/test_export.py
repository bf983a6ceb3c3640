"""Export through DuckDB's COPY: formats, no silent overwrite, clear failures."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from kctui.core.console import export
from kctui.core.db import Database


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = Database(db_path)
    yield database
    database.close()


SQL = "SELECT period, revenue FROM annual_results ORDER BY period -- trailing comment"


def test_csv(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    count = export.export(db.cursor, SQL, target, "csv")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "period,revenue" and len(lines) == count + 1 and count > 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_parquet_and_json(db: Database, tmp_path: Path) -> None:
    expected = db.query(SQL).rows
    export.export(db.cursor, SQL, tmp_path / "out.parquet", "parquet")
    got = duckdb.sql(f"SELECT * FROM '{tmp_path / 'out.parquet'}'").fetchall()
    assert got == expected
    export.export(db.cursor, SQL, tmp_path / "out.json", "json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [d["period"] for d in data] == [r[0] for r in expected]


def test_no_overwrite_without_consent(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious")
    with pytest.raises(export.ExportError, match="already exists"):
        export.export(db.cursor, SQL, target, "csv")
    assert target.read_text() == "precious"
    export.export(db.cursor, SQL, target, "csv", overwrite=True)
    assert target.read_text().startswith("period,")


def test_failures_are_one_clear_line_and_leave_nothing(db: Database, tmp_path: Path) -> None:
    with pytest.raises(export.ExportError, match="does not exist"):
        export.export(db.cursor, SQL, tmp_path / "missing" / "out.csv", "csv")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(export.ExportError, match="cannot write"):
        export.export(db.cursor, SQL, blocker / "out.csv", "csv")
    with pytest.raises(export.ExportError, match="folder"):
        export.export(db.cursor, SQL, tmp_path, "csv")
    with pytest.raises(export.ExportError, match="cannot export"):
        export.export(db.cursor, "SELECT * FROM nope", tmp_path / "x.csv", "csv")
    assert not (tmp_path / "x.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_format_helpers() -> None:
    assert export.format_for("a/b.PARQUET") == "parquet"
    assert export.format_for("a/b.txt") is None
    assert export.with_format("out.csv", "json") == "out.json"
    assert export.with_format("out", "parquet") == "out.parquet"
    assert export.with_format("out.data", "csv") == "out.data.csv"
    assert export.resolve("~/x.csv") == Path.home() / "x.csv"
    with pytest.raises(export.ExportError):
        export.resolve("  ")
