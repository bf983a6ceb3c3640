"""ResultSource: count, copy and read pages of a result in DuckDB, beside its stream."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kctui.core.console import wrap
from kctui.core.console.run import QueryCancelled, QueryRun
from kctui.core.console.source import ResultSource, SourceError
from kctui.core.db import Database

BIG = "SELECT * FROM range(10_000_000)"
NEVER_ENDS = "SELECT sum(hash(range)) FROM range(9223372036854775807)"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = Database(db_path)
    yield database
    database.close()


def live(db: Database, sql: str) -> ResultSource:
    run = QueryRun(db.cursor, [sql])
    result = run.execute().last
    return ResultSource(db.cursor, result, run=run)


def copies(db: Database) -> int:
    rows = db.query("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'kctui_results'").rows
    return int(rows[0][0])


def test_counts_copies_and_reads_any_page_of_ten_million_rows(db: Database) -> None:
    source = live(db, BIG)
    assert source.streaming and source.wrappable and source.total is None
    assert source.count() == 10_000_000
    rows = source.fetch(1000)
    source.appended(rows)
    assert source.pages.count == 1200
    assert source.copy() == 10_000_000 and source.table is not None
    source.release_stream()
    source.windowed(source.read_page(0))
    assert source.pages.count == 10_000_000
    assert source.read_page(9999)[-1] == (9_999_999,)
    assert source.read_page(10_000) == []
    assert source.export_sql == wrap.table_sql(source.table)
    assert copies(db) == 1
    source.close()
    assert copies(db) == 0
    with pytest.raises(QueryCancelled):
        source.count() if source.total is None else source.read_page(0)


def test_a_captured_result_is_windowed_from_the_start(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT * FROM range(3000)", "SELECT 1"])
    captured = run.execute().results[0]
    run.close()
    source = ResultSource(db.cursor, captured)
    assert source.pages.windowed and source.pages.count == 3000 and source.count() == 3000
    assert source.base_sql == wrap.table_sql(captured.table or "")
    assert source.read_page(2) == [(i,) for i in range(2000, 3000)]
    source.close()
    assert copies(db) == 0


def test_statements_that_cannot_be_wrapped_say_so(db: Database) -> None:
    source = live(db, "PRAGMA version")
    assert not source.wrappable
    with pytest.raises(SourceError):
        source.copy()
    source.close()


def test_a_view_of_a_statement_keeps_the_statement_kept(db: Database) -> None:
    view = wrap.view_sql("SELECT range AS n FROM range(20)", wrap.View(("n", True), ("n < 5",)))
    source = live(db, view)
    assert source.result.rows == [(4,), (3,), (2,), (1,), (0,)]
    assert source.count() == 5
    source.close()


def test_cancel_interrupts_a_count_that_never_ends(db: Database) -> None:
    source = live(db, "SELECT 1 AS x")
    source.sql = NEVER_ENDS
    source.total = None
    outcome: list[object] = []

    def count() -> None:
        try:
            outcome.append(source.count())
        except QueryCancelled as exc:
            outcome.append(exc)

    thread = threading.Thread(target=count)
    thread.start()
    deadline = time.monotonic() + 30
    while not source.working and time.monotonic() < deadline:
        time.sleep(0.01)
    assert source.working  # it never finishes by itself
    source.cancel()
    thread.join(30)
    assert isinstance(outcome[0], QueryCancelled)
    source.close()


def test_closing_while_copying_leaves_no_copy(db: Database) -> None:
    source = live(db, "SELECT 1 AS x")
    source.sql = "SELECT sum(hash(range)) AS s FROM range(9223372036854775807)"
    errors: list[object] = []

    def copy() -> None:
        try:
            source.copy()
        except (QueryCancelled, SourceError) as exc:
            errors.append(exc)

    thread = threading.Thread(target=copy)
    thread.start()
    deadline = time.monotonic() + 30
    while not source.working and time.monotonic() < deadline:
        time.sleep(0.01)
    source.close()
    thread.join(30)
    assert errors and copies(db) == 0
