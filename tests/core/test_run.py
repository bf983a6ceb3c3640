"""QueryRun: statements in order, the last result streamed, cancel, close, errors."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest

from kctui.core.console.run import QueryCancelled, QueryRun, StatementError
from kctui.core.db import Database


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    database = Database(db_path)
    yield database
    database.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_streams_a_huge_result_a_page_at_a_time(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT * FROM range(10_000_000)"], first_page=200)
    outcome = run.execute()
    assert outcome.columns == ("range",) and outcome.types == ("BIGINT",)
    assert [r[0] for r in outcome.rows] == list(range(200))
    assert not outcome.exhausted and not outcome.is_status
    assert [r[0] for r in run.fetch(1000)] == list(range(200, 1200))
    assert run.fetched == 1200 and not run.exhausted
    assert run.last_sql == "SELECT * FROM range(10_000_000)"
    run.close()
    with pytest.raises(QueryCancelled):
        run.fetch(10)


def test_small_result_is_exhausted(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT period FROM annual_results ORDER BY period"])
    outcome = run.execute()
    assert outcome.exhausted and run.exhausted
    assert outcome.rows[0] == ("FY2017",)
    assert run.fetch() == []
    run.close()


def test_several_statements_run_in_order_and_the_last_shows(db: Database) -> None:
    run = QueryRun(
        db.cursor,
        [
            "CREATE TABLE scratch_a AS SELECT 41 AS x",
            "UPDATE scratch_a SET x = x + 1",
            "SELECT x FROM scratch_a",
        ],
    )
    outcome = run.execute()
    assert outcome.rows == [(42,)] and outcome.statements == 3
    assert outcome.changes_catalog
    run.close()
    assert any(r.name == "scratch_a" and r.database == "memory" for r in db.catalog())
    db.query("DROP TABLE scratch_a")


def test_status_statement(db: Database) -> None:
    run = QueryRun(
        db.cursor, ["CREATE TABLE scratch_b (a INT)", "INSERT INTO scratch_b VALUES (1), (2)"]
    )
    outcome = run.execute()
    assert outcome.is_status and outcome.statement_type == "INSERT" and outcome.changed == 2
    assert run.last_sql is None  # nothing to export
    run.close()
    db.query("DROP TABLE scratch_b")


def test_error_carries_statement_and_position(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT 1", "SELECT 1,\n  2 +  FROM x"])
    with pytest.raises(StatementError) as info:
        run.execute()
    error = info.value
    assert error.index == 1 and (error.line, error.column) == (1, 7)
    assert "syntax error" in error.summary and "LINE 2" in error.detail
    run.close()


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE kc.main.evil (a INT)",
        "DELETE FROM kc.facts",
        "INSERT INTO facts SELECT * FROM kc.facts LIMIT 1",
        "DROP TABLE kc.sources",
        "UPDATE kc.sources SET note = 'x'",
    ],
)
def test_writes_to_the_curated_database_are_refused(db: Database, db_path: Path, sql: str) -> None:
    before = sha(db_path)
    run = QueryRun(db.cursor, [sql])
    with pytest.raises(StatementError) as info:
        run.execute()
    assert "read-only" in info.value.summary
    run.close()
    assert sha(db_path) == before


def test_detaching_the_curated_database_is_refused(db: Database) -> None:
    run = QueryRun(db.cursor, ["DETACH kc"])
    with pytest.raises(StatementError, match="stays attached"):
        run.execute()
    run.close()
    assert db.query("SELECT count(*) FROM kc.sources").rows[0][0] > 0


NEVER_ENDS = "SELECT sum(hash(range)) FROM range(9223372036854775807)"
"""A query that cannot finish by itself on any machine: whenever it is cancelled, it
was still running."""


def _in_thread(run: QueryRun) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def work() -> None:
        try:
            outcome.append(run.execute())
        except QueryCancelled as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    return thread, outcome


def test_cancel_from_another_thread(db: Database) -> None:
    run = QueryRun(db.cursor, [NEVER_ENDS])
    thread, outcome = _in_thread(run)
    time.sleep(0.1)  # let it start (if it has not, cancel stops it before it does)
    run.cancel()
    thread.join(30)
    assert not thread.is_alive()
    assert isinstance(outcome[0], QueryCancelled) and run.cancelled
    run.close()


def test_close_waits_for_and_stops_a_running_query(db: Database) -> None:
    run = QueryRun(db.cursor, [NEVER_ENDS])
    thread, outcome = _in_thread(run)
    time.sleep(0.1)
    run.close()
    thread.join(30)
    assert not thread.is_alive()
    assert isinstance(outcome[0], QueryCancelled)


def test_progress_bar_is_off(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT current_setting('enable_progress_bar')"])
    assert run.execute().rows == [(False,)]
    run.close()


def test_every_statement_has_its_result_and_earlier_selects_are_copied(db: Database) -> None:
    run = QueryRun(
        db.cursor,
        [
            "CREATE TABLE scratch_c AS SELECT range AS n FROM range(5000)",
            "SELECT n FROM scratch_c ORDER BY n DESC",
            "DELETE FROM scratch_c WHERE n >= 10",
            "PRAGMA version",
            "SELECT count(*) AS left_over FROM scratch_c",
        ],
        first_page=200,
    )
    outcome = run.execute()
    create, before, delete, pragma, after = outcome.results
    assert create.is_status and delete.is_status and delete.changed == 4990
    # The SELECT before the DELETE shows the rows of its moment, all of them counted.
    assert before.table is not None and before.total == 5000 and len(before.rows) == 200
    assert before.rows[0] == (4999,) and not before.exhausted and not before.live
    copy = db.query(f"SELECT count(*), max(n) FROM {before.table}").rows
    assert copy == [(5000, 4999)]
    assert pragma.columns and pragma.exhausted and pragma.total == len(pragma.rows)
    assert after.rows == [(10,)] and after.exhausted and not after.live
    assert [r.index for r in outcome.with_rows] == [1, 3, 4]
    assert [r.elapsed >= 0 for r in outcome.results] == [True] * 5
    assert run.tables == [before.table]
    run.close()
    db.query(f"DROP TABLE {before.table}")
    db.query("DROP TABLE scratch_c")


def test_an_error_in_an_earlier_select_is_described_as_written(db: Database) -> None:
    run = QueryRun(db.cursor, ["SELECT 1 AS ok", "SELECT nope FROM\n range(3)", "SELECT 2"])
    with pytest.raises(StatementError) as info:
        run.execute()
    assert info.value.index == 1 and "nope" in info.value.summary
    assert "kctui_results" not in info.value.detail
    assert [r.index for r in run.results] == [0]
    run.close()
