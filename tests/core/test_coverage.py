"""The coverage grid's data: metric x period for KC, counted by DuckDB, held to the
database's own tables (``facts_all``, ``conflicts``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kctui.core.coverage import GRID_KINDS, Coverage, columns, load_coverage
from kctui.core.db import Database
from kctui.core.periods import period_range


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def coverage(db: Database) -> Coverage:
    return load_coverage(db)


def test_every_cell_counts_the_statements_in_the_database(db: Database, coverage: Coverage) -> None:
    counted = {
        (r["metric"], r["unit"], r["period"]): (r["n"], r["derived"])
        for r in db.rows(
            "SELECT metric, unit, period, count(*) AS n, "
            "count(*) FILTER (qualifier = 'derived') AS derived FROM facts_all "
            "WHERE entity = 'KC' AND list_contains(?, period_kind) GROUP BY ALL",
            [list(GRID_KINDS)],
        )
    }
    seen = {}
    for row in coverage.rows:
        for period, cell in zip(coverage.periods, row.cells, strict=True):
            if cell is not None:
                seen[(row.metric, row.unit, period)] = (cell.statements, cell.derived)
                assert cell.derived_only == (cell.derived == cell.statements)
    # Every statement counted once, and a blank cell wherever nothing is stated.
    assert seen == counted
    assert coverage.statements == sum(n for n, _ in counted.values())
    left_out = db.rows(
        "SELECT count(*) AS n FROM facts_all WHERE entity = 'KC' "
        "AND NOT list_contains(?, period_kind)",
        [list(GRID_KINDS)],
    )[0]["n"]
    assert coverage.left_out == left_out > 0


def test_conflicts_are_marked_where_the_conflicts_table_has_them(
    db: Database, coverage: Coverage
) -> None:
    disputed = {
        (r["metric"], r["unit"], r["period"])
        for r in db.rows("SELECT metric, unit, period FROM conflicts WHERE entity = 'KC'")
    }
    marked = {
        (row.metric, row.unit, period)
        for row in coverage.rows
        for period, cell in zip(coverage.periods, row.cells, strict=True)
        if cell is not None and cell.conflict
    }
    assert marked == disputed
    # data/conflict_causes.csv: f1009 vs f1068, KC's market share for 2017H1.
    assert ("market_share", "%", "2017H1") in marked


def test_columns_run_in_time_order_without_holes(coverage: Coverage) -> None:
    periods = coverage.periods
    quarters = [p for p in periods if "Q" in p and not p.startswith("TTM")]
    years = [p for p in periods if p.startswith("FY")]
    assert quarters == period_range(quarters[0], quarters[-1])
    assert years == period_range(years[0], years[-1])
    # A year after its fourth quarter, a half-year after its second quarter.
    assert periods.index("FY2021") == periods.index("2021Q4") + 1
    assert columns({"2017H1", "2017Q2", "FY2017"}) == ("2017Q2", "2017H1", "FY2017")


def test_rows_put_the_results_first_and_keep_currencies_apart(coverage: Coverage) -> None:
    keys = [(r.metric, r.unit) for r in coverage.rows]
    assert keys[:2] == [("revenue", "CNY"), ("revenue", "USD")]
    assert len(keys) == len(set(keys))
    assert all(r.label for r in coverage.rows)
    market = next(r for r in coverage.rows if r.metric == "market_share")
    assert market.label == "China public cloud IaaS market share"
