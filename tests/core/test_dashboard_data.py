"""The dashboard's and detail view's data layer, without an App.

Expectations come from the database itself (the curated data is still being
corrected), so no test depends on exact row counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kctui.core.dashboard import Dashboard, load_dashboard
from kctui.core.db import Database
from kctui.core.detail import load_detail, series_points
from kctui.core.model import ExcerptRef, FactKey, RoundRef
from kctui.core.periods import period_range, with_gaps


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def board(db: Database) -> Dashboard:
    return load_dashboard(db)


def test_period_ranges_and_gaps() -> None:
    assert period_range("2021Q3", "2022Q2") == ["2021Q3", "2021Q4", "2022Q1", "2022Q2"]
    assert period_range("FY2019", "FY2021") == ["FY2019", "FY2020", "FY2021"]
    assert period_range("2017H1", "2018H1") == ["2017H1", "2017H2", "2018H1"]
    periods = period_range("2022Q1", "2023Q2")
    assert with_gaps(periods, ["2022Q1", "2022Q2", "2023Q2"]) == [
        ("2022Q1", None),
        ("2022Q2", None),
        ("2022Q3", "2023Q1"),
        ("2023Q2", None),
    ]
    assert with_gaps(["FY2020", "FY2021"], []) == [("FY2020", "FY2021")]


@pytest.mark.parametrize(("kind", "view"), [("Q", "quarterly_results"), ("FY", "annual_results")])
def test_results_agree_with_the_views(board: Dashboard, db: Database, kind: str, view: str) -> None:
    results = board.quarterly if kind == "Q" else board.annual
    rows = {r["period"]: r for r in db.rows(f"SELECT * FROM {view}")}
    reported = [r for r in results.rows if not r.is_gap]
    assert [r.period for r in reported] == sorted(rows)
    for row in reported:
        revenue, usd, yoy, margin, loss = (
            results.cell(row, c)
            for c in ("revenue", "revenue_usd", "revenue_yoy", "gross_margin", "net_loss")
        )
        view_row = rows[row.period]
        # One currency per column, as the view has it.
        assert (revenue.value if revenue else None) == view_row["revenue"]
        assert revenue is None or revenue.key.unit == "CNY"
        assert (usd.value if usd else None) == view_row["revenue_usd"]
        assert usd is None or usd.key.unit == "USD"
        assert (yoy.value if yoy else None) == view_row["revenue_yoy"]
        assert (margin.value if margin else None) == view_row["gross_margin"]
        assert (loss.value if loss else None) == view_row["net_loss"]


def test_gaps_are_never_filled(board: Dashboard) -> None:
    results = board.quarterly
    reported = {r.period for r in results.rows if not r.is_gap}
    for label, _unit, values, _elsewhere in results.series:
        for period, value in zip(results.periods, values, strict=True):
            if period not in reported:
                assert value is None, (label, period)
    # Gap rows cover exactly the missing periods, first to last.
    missing = [p for p in results.periods if p not in reported]
    covered = []
    for row in results.rows:
        if row.is_gap:
            assert row.gap_end is not None
            covered += period_range(row.period, row.gap_end)
    assert covered == missing


def test_conflicts_are_flagged(board: Dashboard, db: Database) -> None:
    keys = {(r["entity"], r["metric"], r["period"]) for r in db.rows("SELECT * FROM conflicts")}
    assert ("KC", "market_share", "2017H1") in keys
    share = board.index.figure(FactKey("KC", "market_share", "2017H1", "%"))
    assert share is not None and share.conflict
    assert {s.as_stated for s in share.statements} >= {"6.8%", "6.5%"}
    for key, statements in board.index.by_key.items():
        figure = board.index.figure(key)
        if figure is not None:
            assert figure.conflict == ((key.entity, key.metric, key.period) in keys)
            assert len(statements) >= 1


def test_every_selection_quote_contains_its_words(board: Dashboard) -> None:
    excerpts = {x.excerpt_id: x.text for x in board.excerpts}
    selections = [r.selection() for r in board.rounds]
    selections += [r.selection for r in board.competitors]
    selections += [k.selection for k in board.key_figures]
    for results in (board.quarterly, board.annual):
        for row in results.rows:
            selections += [board.index.selection(row.period, [c]) for c in row.cells if c]
    assert selections
    for selection in selections:
        for quote in selection.quotes:
            for words in quote.highlights:
                assert words in excerpts[quote.excerpt_id]


def test_a_derived_figure_is_backed_by_its_inputs_quotes(board: Dashboard) -> None:
    derived = [c for r in board.annual.rows for c in r.cells if c is not None and c.derived]
    assert derived
    figure = derived[0]
    assert figure.formula
    quotes = board.index.quotes([figure])
    inputs = figure.statements[0].inputs
    assert quotes and {q.excerpt_id for q in quotes} == {
        board.index.by_id[i].excerpt_id for i in inputs
    }


def test_key_figures(board: Dashboard, db: Database) -> None:
    labels = [k.label for k in board.key_figures]
    assert any(label.startswith("Revenue ") for label in labels)
    assert "Market value" in labels and "Raised before the IPO" in labels
    raised = next(k for k in board.key_figures if k.label == "Raised before the IPO")
    total = db.rows("SELECT sum(amount) AS t FROM financing_rounds WHERE round <> 'IPO'")[0]["t"]
    assert raised.amount == pytest.approx(total)
    assert all(k.as_of for k in board.key_figures)


def test_competitor_sections(board: Dashboard) -> None:
    headings = [r.name for r in board.competitors if r.heading]
    assert headings == ["China cloud share", "2021 cloud revenue", "Stock-page peers"]
    names = {r.name for r in board.competitors if not r.heading}
    assert {
        "Alibaba Cloud",
        "Tencent Cloud",
        "Kingsoft Cloud Holdings Limited",
        "Huawei Cloud",
    } <= names
    for row in board.competitors:
        if not row.heading and row.figure is not None:
            assert 0 < row.figure.value <= row.maximum


def test_detail_of_a_conflict(db: Database) -> None:
    detail = load_detail(db, FactKey("KC", "market_share", "2017H1", "%"))
    assert detail.conflict
    assert {c.as_stated for c in detail.cards} >= {"6.8%", "6.5%"}
    for card in detail.cards:
        if card.excerpt and card.as_stated:
            assert card.as_stated in card.excerpt
    assert any(p.period == "2017H1" and p.value is not None for p in detail.points)


def test_detail_of_a_derived_figure_links_its_inputs(db: Database) -> None:
    row = db.rows(
        "SELECT entity, metric, period, unit, inputs FROM derived_facts "
        "WHERE entity = 'KC' ORDER BY fact_id LIMIT 1"
    )[0]
    detail = load_detail(db, FactKey(row["entity"], row["metric"], row["period"], row["unit"]))
    assert detail.formula
    assert sorted(link.fact_id for link in detail.links) == sorted(row["inputs"])
    assert all(isinstance(link.subject, FactKey) for link in detail.links)


def test_detail_of_a_round_and_an_excerpt(db: Database, board: Dashboard) -> None:
    first = board.rounds[0]
    detail = load_detail(db, RoundRef(first.round_id))
    assert detail.bars and len(detail.points) == len(board.rounds)
    assert detail.cards[0].excerpt_id == first.excerpt_id
    excerpt = load_detail(db, ExcerptRef(first.excerpt_id))
    assert not excerpt.points
    assert any(isinstance(link.subject, RoundRef) for link in excerpt.links)
    with pytest.raises(LookupError):
        load_detail(db, ExcerptRef("no-such-excerpt"))


def test_series_points_keep_holes() -> None:
    rows = [
        {"period": "2022Q1", "period_kind": "Q", "value": 1.0},
        {"period": "2022Q4", "period_kind": "Q", "value": 2.0},
    ]
    points = series_points(rows)
    assert [p.period for p in points] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert [p.value for p in points] == [1.0, None, None, 2.0]
    assert series_points([]) == ()
