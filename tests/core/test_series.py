"""A figure's series for the detail chart: every statement, one unit, one time axis.

What to expect comes from the database (``facts_all``, ``conflicts``), so the tests
follow the curated data as it is corrected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kctui.core.db import Database
from kctui.core.series import (
    ChartSeries,
    Mark,
    SeriesKey,
    chart_kinds,
    comparable,
    load_series,
    series_of,
    time_of,
)


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


def test_chart_kinds_keep_one_scale() -> None:
    # A half-year's share reads like a quarter's; a half-year's revenue does not.
    assert set(chart_kinds("H", "%")) == {"H", "Q"}
    assert chart_kinds("Q", "CNY") == ("Q",)
    assert chart_kinds("H", "USD") == ("H",)
    assert set(chart_kinds("FY", "CNY")) == {"FY", "TTM"}
    assert set(chart_kinds("D", "USD")) == {"D", "M"}


def test_time_axis_puts_a_year_beside_its_quarters() -> None:
    fy = time_of(date(2021, 1, 1), date(2021, 12, 31))
    q4 = time_of(date(2021, 10, 1), date(2021, 12, 31))
    q1 = time_of(date(2021, 1, 1), date(2021, 3, 31))
    assert q1 < fy < q4
    assert 2021.49 < fy < 2021.51
    assert time_of(date(2022, 6, 23), date(2022, 6, 23)) == pytest.approx(2022 + 173 / 365.25)


def test_kc_market_share_has_every_statement(db: Database) -> None:
    """The 2021Q3 share (2.8%) is on the chart of the 2017H1 one, with both 2017H1 figures."""
    series = series_of(db, "KC", "market_share", "2017H1", "%")
    stated = db.rows(
        "SELECT fact_id, period, value FROM facts_all "
        "WHERE entity = 'KC' AND metric = 'market_share' AND unit = '%'"
    )
    assert {m.fact_id for m in series.marks} == {r["fact_id"] for r in stated}
    assert ("2021Q3", 2.8) in {(m.period, m.value) for m in series.shown}
    # One figure shown per period; the others are there too.
    assert sorted(series.periods) == sorted({r["period"] for r in stated})
    assert {m.value for m in series.marks if m.period == "2017H1"} == {6.8, 6.5}
    # In time order, and the conflict's two sides marked.
    assert [m.x for m in series.shown] == sorted(m.x for m in series.shown)
    conflict = db.rows(
        "SELECT fact_a, fact_b FROM conflicts WHERE entity = 'KC' AND metric = 'market_share'"
    )[0]
    assert {m.fact_id for m in series.marks if m.disagrees} == {
        conflict["fact_a"],
        conflict["fact_b"],
    }


def test_the_figure_shown_is_best_facts(db: Database) -> None:
    series = series_of(db, "KC", "revenue", "FY2021", "CNY")
    best = db.rows(
        "SELECT period, fact_id FROM best_facts WHERE entity = 'KC' AND metric = 'revenue' "
        "AND unit = 'CNY' AND period_kind IN ('FY', 'TTM')"
    )
    assert {(m.period, m.fact_id) for m in series.shown} == {
        (r["period"], r["fact_id"]) for r in best
    }
    assert all(m.value > 0 for m in series.marks)
    assert {m.kind for m in series.marks} <= {"FY", "TTM"}


def mark(period: str, kind: str, x: float, shown: bool = True) -> Mark:
    return Mark(f"f-{period}-{shown}", period, kind, x, 1.0, "reported", shown, False)


def test_lines_never_bridge_a_gap() -> None:
    key = SeriesKey("KC", "revenue", "CNY", ("Q",))
    marks = (
        mark("2022Q1", "Q", 2022.1),
        mark("2022Q2", "Q", 2022.4),
        mark("2022Q2", "Q", 2022.4, shown=False),
        mark("2022Q4", "Q", 2022.9),
    )
    series = ChartSeries(key, "KC", "Revenue", marks)
    assert [[m.period for m in run] for run in series.lines()] == [["2022Q1", "2022Q2"], ["2022Q4"]]
    assert series.gaps() == {"Q": 1}
    assert len(series.others) == 1


def test_comparisons_share_the_unit_and_rank_the_same_metric_first(db: Database) -> None:
    base = series_of(db, "KC", "market_share", "2017H1", "%").key
    offered = comparable(db, base)
    assert offered[0].key.entity == "ALIBABA_CLOUD"
    assert {c.key.unit for c in offered} == {"%"}
    same = [c.same_metric for c in offered]
    assert same == sorted(same, reverse=True)  # the same metric first, then the others
    assert all(c.key.entity == "KC" for c in offered if not c.same_metric), (
        "other metrics are the entity's own"
    )
    # A comparison keeps the chart's period kinds, and loads as any series does.
    alibaba = load_series(db, offered[0].key)
    assert alibaba.key.kinds == base.kinds
    assert alibaba.shown and {m.period for m in alibaba.shown} == {"2017H1"}


def test_revenue_in_yuan_is_never_offered_dollars(db: Database) -> None:
    base = series_of(db, "KC", "revenue", "2022Q1", "CNY").key
    offered = comparable(db, base)
    assert offered and all(c.key.unit == "CNY" for c in offered)
    assert "net_loss" in {c.key.metric for c in offered}
    usd = comparable(db, series_of(db, "KC", "revenue", "FY2021", "USD").key)
    assert all(c.key.unit == "USD" for c in usd)
    # Nothing already on the chart is offered again.
    again = comparable(db, base, exclude=(offered[0].key,))
    assert offered[0].key not in {c.key for c in again}


def test_every_statement_of_a_period_with_several_is_in_its_series(db: Database) -> None:
    """Wherever several statements exist for one figure, its series holds all of them,
    one shown (best_facts's) and the rest as others."""
    keys = db.rows(
        "SELECT entity, metric, period, unit, list(fact_id) AS ids FROM facts_all "
        "GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL"
    )
    assert keys
    for key in keys:
        series = series_of(db, key["entity"], key["metric"], key["period"], key["unit"])
        here = [m for m in series.marks if m.period == key["period"]]
        assert sorted(m.fact_id for m in here) == sorted(key["ids"]), key
        assert sum(m.shown for m in here) == 1, key
