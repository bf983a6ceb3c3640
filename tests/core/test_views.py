"""Derived figures and the conflicts view."""

from __future__ import annotations

from pathlib import Path

import pytest

from kctui.core.db import Database


@pytest.fixture
def db(db_path: Path):
    database = Database(db_path)
    yield database
    database.close()


def test_sources_that_disagree_are_a_conflict(db: Database) -> None:
    pairs = db.rows(
        "SELECT value_a, value_b, kind FROM conflicts "
        "WHERE entity = 'KC' AND metric = 'market_share' AND period = '2017H1'"
    )
    assert {(r["value_a"], r["value_b"]) for r in pairs} & {(6.8, 6.5), (6.5, 6.8)}
    assert all(r["kind"] == "stated vs stated" for r in pairs)


def test_agreement_at_the_coarser_precision_is_not_a_conflict(db: Database) -> None:
    stated = {
        r["as_stated"]
        for r in db.rows(
            "SELECT as_stated FROM facts WHERE entity = 'KC' AND metric = 'revenue' AND period = 'FY2024'"
        )
    }
    assert {"RMB7.79B", "7.785 billion RMB"} <= stated
    assert (
        db.rows(
            "SELECT * FROM conflicts WHERE entity = 'KC' AND metric = 'revenue' AND period = 'FY2024'"
        )
        == []
    )


def test_a_derived_twin_that_contradicts_a_stated_figure_is_a_conflict(db: Database) -> None:
    # 2021 growth is stated as 37.76%, but 90.61 / 66.77 - 1 is 35.7%.
    rows = db.rows(
        "SELECT * FROM conflicts WHERE entity = 'KC' AND metric = 'revenue_yoy' "
        "AND period = 'FY2021' AND kind = 'stated vs derived'"
    )
    assert rows
    assert any(r["value_a"] == pytest.approx(37.76) for r in rows)
    assert all("revenue FY2021 / revenue FY2020 - 1" in r["as_stated_b"] for r in rows)


def test_derived_figures_carry_formula_and_inputs(db: Database) -> None:
    rows = db.rows(
        "SELECT * FROM facts_all WHERE qualifier = 'derived' AND entity = 'KC' "
        "AND metric = 'revenue_yoy' AND period = 'FY2024'"
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["value"] == pytest.approx((7.785 / 7.05 - 1) * 100, rel=1e-3)
    assert row["formula"] == "revenue FY2024 / revenue FY2023 - 1"
    inputs = db.rows(
        "SELECT period FROM facts WHERE fact_id IN (SELECT unnest(?::VARCHAR[]))", [row["inputs"]]
    )
    assert sorted(r["period"] for r in inputs) == ["FY2023", "FY2024"]


def test_margins_are_derived_where_both_inputs_exist(db: Database) -> None:
    row = db.rows(
        "SELECT value, formula FROM derived_facts WHERE metric = 'gross_margin' AND period = '2024Q4'"
    )[0]
    assert row["value"] == pytest.approx(426 / 2232 * 100, rel=1e-6)
    assert row["formula"] == "gross_profit 2024Q4 / revenue 2024Q4"


def test_derived_growth_never_mixes_currencies(db: Database) -> None:
    # The stock page's dollar revenues are translated at each year's rate.
    assert (
        db.rows(
            "SELECT * FROM derived_facts d JOIN facts f ON f.fact_id = d.inputs[1] WHERE f.unit = 'USD' "
            "AND d.metric LIKE '%_yoy'"
        )
        == []
    )


def test_results_views_leave_gaps_as_gaps(db: Database) -> None:
    periods = [r["period"] for r in db.rows("SELECT period FROM quarterly_results")]
    assert periods == sorted(periods)
    assert (
        "2022Q3" not in periods
        or db.rows("SELECT revenue FROM quarterly_results WHERE period = '2022Q3'")[0]["revenue"]
        is None
    )  # guidance is never a result
    annual = db.rows("SELECT period, revenue FROM annual_results")
    assert annual[0]["period"] == "FY2017"
    assert {r["period"]: r["revenue"] for r in annual}["FY2021"] == pytest.approx(9.061e9)


def test_competitors_view_has_shares_and_operator_clouds(db: Database) -> None:
    shares = db.rows(
        "SELECT entity FROM competitors WHERE period = '2017H1' AND market_share IS NOT NULL"
    )
    assert {"KC", "ALIBABA_CLOUD", "TENCENT_CLOUD"} <= {r["entity"] for r in shares}
    fy21 = {
        r["entity"]: r
        for r in db.rows(
            "SELECT entity, revenue, revenue_growth FROM competitors WHERE period = 'FY2021'"
        )
    }
    assert fy21["TIANYI_CLOUD"]["revenue"] == pytest.approx(2.79e10)
    assert {"MOBILE_CLOUD", "UNICOM_CLOUD", "HUAWEI_CLOUD", "KC"} <= set(fy21)
