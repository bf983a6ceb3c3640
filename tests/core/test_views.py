"""Derived figures and the conflicts view."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kctui.build import build
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


def test_the_corrected_slip_settles_the_growth_figures(db: Database) -> None:
    # The source prints 66.77亿 for FY2020 where its own figures fix 65.77亿 (f1029,
    # reading number=65.77): derived growth agrees with every stated rate, and says
    # what it rests on.
    assert not db.rows("SELECT * FROM conflicts WHERE metric = 'revenue_yoy'")
    rows = db.rows(
        "SELECT period, value, caveat FROM derived_facts WHERE entity = 'KC' "
        "AND metric = 'revenue_yoy' AND period IN ('FY2020', 'FY2021') ORDER BY period"
    )
    assert [round(r["value"], 2) for r in rows] == [66.25, 37.77]
    assert all("f1029" in r["caveat"] for r in rows)


def test_only_real_disagreements_are_conflicts_and_each_says_why(db: Database) -> None:
    rows = db.rows("SELECT * FROM conflicts")
    assert [(r["metric"], r["period"]) for r in rows] == [("market_share", "2017H1")]
    assert "scope" in rows[0]["cause"]


def test_a_derived_twin_that_contradicts_a_stated_figure_names_the_odd_one_out(
    data_copy: Path, tmp_path: Path
) -> None:
    # Make the stated FY2021 growth (37.76%, f1085) read 30%: derivation and the other
    # statements agree with each other, so f1085 is the odd one out.
    facts = data_copy / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines()
    (index,) = [i for i, line in enumerate(lines) if line.startswith("f1085,")]
    cells = next(csv.reader([lines[index]]))
    cells[4], cells[8], cells[10] = "30", "number=30", "test: a wrong figure"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[index] = out.getvalue()
    facts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(data_copy, tmp_path / "kc.duckdb")
    db = Database(tmp_path / "kc.duckdb")
    rows = db.rows("SELECT * FROM conflicts WHERE metric = 'revenue_yoy' AND period = 'FY2021'")
    assert rows and all(r["likely_wrong"] == "f1085" for r in rows)
    assert all(r["cause"].startswith("f1085 is the odd one out") for r in rows)
    db.close()


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
            "SELECT entity, revenue_cny, revenue_growth FROM competitors WHERE period = 'FY2021'"
        )
    }
    assert fy21["TIANYI_CLOUD"]["revenue_cny"] == pytest.approx(2.79e10)
    assert {"MOBILE_CLOUD", "UNICOM_CLOUD", "HUAWEI_CLOUD", "KC"} <= set(fy21)
