"""``kctui sql --as-of DAY`` and the ``facts_as_of`` macro, from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.test_cli import kctui


def _csv(result) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_as_of_answers_with_what_had_been_published(db_path: Path) -> None:
    db = ("--db", str(db_path), "--format", "csv")
    query = "select source_id, published from sources order by source_id"
    today = _csv(kctui("sql", query, *db))
    first = min(r["published"] for r in today)
    then = kctui("sql", query, *db, "--as-of", first)
    shown = _csv(then)
    assert shown and len(shown) < len(today)
    assert all(r["published"] <= first for r in shown)
    # One line on stderr says how much was known (no error, no traceback).
    lines = then.stderr.strip().splitlines()
    assert lines == [f"kctui: as known on {first}: {len(shown)} of {len(today)} sources"]
    # The curated views answer as of that day too.
    for view in ("facts_all", "best_facts", "quarterly_results", "timeline", "conflicts"):
        count = f"select count(*) as n from {view}"
        n_then = int(_csv(kctui("sql", count, *db, "--as-of", first))[0]["n"])
        n_today = int(_csv(kctui("sql", count, *db))[0]["n"])
        assert n_then <= n_today, view
    revenue = "select period from annual_results order by period"
    years_then = [r["period"] for r in _csv(kctui("sql", revenue, *db, "--as-of", first))]
    years_today = [r["period"] for r in _csv(kctui("sql", revenue, *db))]
    assert years_then and set(years_then) < set(years_today)


def test_as_of_an_approximate_day_says_so(db_path: Path) -> None:
    db = ("--db", str(db_path), "--format", "csv")
    rows = _csv(kctui("sql", "select source_id, published from sources where approximate", *db))
    assert rows
    day = min(r["published"] for r in rows)
    result = kctui("sql", "select 1 as x", *db, "--as-of", day)
    assert result.returncode == 0
    assert "dated approximately" in result.stderr


def test_a_day_before_any_source_knows_nothing(db_path: Path) -> None:
    result = kctui(
        "sql", "select count(*) as n from facts", "--db", str(db_path), "--as-of", "1999-01-01",
        "--format", "csv",
    )  # fmt: skip
    assert _csv(result) == [{"n": "0"}]
    assert "no source had been published yet" in result.stderr


def test_a_bad_day_is_one_line_and_exit_2(db_path: Path) -> None:
    for bad in ("2022-13-01", "yesterday", "", "2022-06-23; drop table x"):
        result = kctui("sql", "select 1", "--db", str(db_path), "--as-of", bad)
        assert result.returncode == 2, (bad, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("kctui: error: --as-of: ") and "YYYY-MM-DD" in lines[0]
        assert "Traceback" not in result.stderr and not result.stdout


def test_the_facts_as_of_macro(db_path: Path) -> None:
    db = ("--db", str(db_path), "--format", "csv")
    first = min(r["published"] for r in _csv(kctui("sql", "select published from sources", *db)))
    rows = _csv(
        kctui(
            "sql",
            f"select count(*) as n, count(*) filter (s.published > '{first}') as later "
            f"from facts_as_of(DATE '{first}') f join excerpts x using (excerpt_id) "
            "join sources s using (source_id)",
            *db,
        )
    )
    assert int(rows[0]["n"]) > 0 and rows[0]["later"] == "0"
    comment = _csv(
        kctui(
            "sql",
            "select comment from duckdb_functions() where function_name = 'facts_as_of'",
            *db,
        )
    )
    assert comment and "published" in comment[0]["comment"]
