""" "As known on": the history tables, the views as of a day, the session, the calendar.

Expectations come from the database itself where the curated data decides them (which
source states what), so they follow corrections to the data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kctui.build import build
from kctui.core.asof import AsOfSession, Calendar, Step, parse_day
from kctui.core.dashboard import load_dashboard
from kctui.core.db import Database
from kctui.core.detail import load_detail
from kctui.core.model import FactKey
from tests.conftest import add_excerpt


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def calendar(db: Database) -> Calendar:
    return Calendar.load(db)


def _published(db: Database) -> dict[str, date]:
    return {r["source_id"]: r["published"] for r in db.rows("SELECT * FROM sources")}


def _as_of(db: Database, day: date | None, sql: str) -> list[dict[str, object]]:
    session = AsOfSession(db, day)
    try:
        return session.rows(sql)
    finally:
        session.close()


def test_the_calendar_is_the_sources_dates_and_says_which_are_approximate(
    db: Database, calendar: Calendar
) -> None:
    sources = db.rows("SELECT published, approximate FROM sources")
    days = sorted({r["published"] for r in sources})
    assert [s.day for s in calendar.steps] == days
    assert calendar.steps[-1].today and not calendar.steps[0].today
    assert [s.known for s in calendar.steps] == [
        sum(1 for r in sources if r["published"] <= d) for d in days
    ]
    for step in calendar.steps:
        approximate = any(r["approximate"] for r in sources if r["published"] == step.day)
        assert step.approximate == approximate
        assert ("approximate date" in step.label()) == approximate
    first = calendar.steps[0]
    assert first.label().startswith(f"as known on {first.day.isoformat()}")
    assert first.label().endswith(f"· {first.known} of {first.total} sources")


def test_steps_stop_at_the_first_day_and_the_last_one_is_today(calendar: Calendar) -> None:
    n = len(calendar.steps)
    assert calendar.step(None, -1) == n - 2
    assert calendar.step(None, 1) is None
    assert calendar.step(n - 2, 1) is None  # the last day knows every source: today
    assert calendar.step(0, -1) == 0
    assert calendar.step(None, -100) == 0
    assert calendar.position_of(None) is None
    assert calendar.position_of(calendar.steps[1].day) == 1
    assert calendar.position_of(date(1990, 1, 1)) == 0
    assert calendar.position_of(date(2999, 1, 1)) is None
    assert Calendar([]).step(None, -1) is None
    assert Step(date(2020, 1, 1), 1, 1, False, ("S1",)).label().endswith("1 of 1 source")


def test_parse_day_says_what_a_day_is() -> None:
    assert parse_day(" 2022-06-23 ") == date(2022, 6, 23)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day("2022-13-01")
    with pytest.raises(ValueError, match="not a date"):
        parse_day("yesterday")


def test_facts_as_of_is_what_the_sources_had_published(db: Database, calendar: Calendar) -> None:
    published = _published(db)
    for step in calendar.steps:
        rows = db.rows(
            "SELECT f.fact_id, x.source_id FROM facts_as_of(?) f JOIN excerpts x USING (excerpt_id)",
            [step.day],
        )
        assert rows, step
        assert all(published[r["source_id"]] <= step.day for r in rows)
        assert (
            len(rows)
            == db.rows("SELECT count(*) AS n FROM fact_sources WHERE published <= ?", [step.day])[
                0
            ]["n"]
        )
    assert db.rows("SELECT count(*) AS n FROM facts_as_of(DATE '1990-01-01')")[0]["n"] == 0


def test_a_session_shows_every_table_and_view_as_of_its_day(
    db: Database, calendar: Calendar
) -> None:
    first = calendar.steps[0]
    published = _published(db)
    later = {s for s, d in published.items() if d > first.day}
    assert later
    for table in ("facts", "fact_sources", "best_facts", "facts_all", "timeline", "excerpts"):
        shown = _as_of(db, first.day, f"SELECT * FROM {table}")
        today = db.rows(f"SELECT * FROM {table}")
        assert 0 < len(shown) < len(today), table
    sources = {r["source_id"] for r in _as_of(db, first.day, "SELECT source_id FROM sources")}
    assert sources == {s for s, d in published.items() if d <= first.day}
    excerpt_sources = {r["source_id"] for r in _as_of(db, first.day, "SELECT * FROM excerpts")}
    assert not excerpt_sources & later
    # The views read what was known: no statement of a later source, none derived from one.
    best = _as_of(db, first.day, "SELECT excerpt_id, inputs FROM best_facts")
    excerpts = {r["excerpt_id"]: r["source_id"] for r in db.rows("SELECT * FROM excerpts")}
    stated = {r["fact_id"]: r["excerpt_id"] for r in db.rows("SELECT * FROM facts")}
    for row in best:
        ids = row["inputs"] or []
        for excerpt in [row["excerpt_id"], *(stated[i] for i in ids)]:
            if excerpt is not None:
                assert excerpts[excerpt] not in later
    # Today, in a session or not, is every source.
    assert len(_as_of(db, None, "SELECT * FROM facts")) == len(db.rows("SELECT * FROM facts"))


def test_the_history_of_today_is_what_the_dashboard_loads(db: Database) -> None:
    today = db.rows("SELECT fact_id, best, conflict, section FROM dashboard_facts ORDER BY fact_id")
    history = db.rows(
        "SELECT fact_id, best, conflict, section FROM dashboard_history "
        "WHERE known_until IS NULL ORDER BY fact_id"
    )
    assert history == today
    derived = db.rows("SELECT fact_id, value FROM derived_facts ORDER BY fact_id")
    open_rows = db.rows(
        "SELECT fact_id, value FROM facts_history "
        "WHERE qualifier = 'derived' AND known_until IS NULL ORDER BY fact_id"
    )
    assert derived == open_rows


def test_the_dashboard_as_of_a_day_knows_only_that_days_sources(
    db: Database, calendar: Calendar
) -> None:
    first = calendar.steps[0]
    published = _published(db)
    session = AsOfSession(db)
    try:
        with session.at(first.day):
            board = load_dashboard(session)
        with session.at(None):
            today = load_dashboard(session)
    finally:
        session.close()
    assert {s.source_id for s in board.sources} == {
        s for s, d in published.items() if d <= first.day
    }
    excerpts = {r["excerpt_id"]: r["source_id"] for r in db.rows("SELECT * FROM excerpts")}
    for statement in board.index.by_id.values():
        if statement.excerpt_id:
            assert published[excerpts[statement.excerpt_id]] <= first.day
    assert len(board.index.by_id) < len(today.index.by_id)
    assert today.index.by_id.keys() == load_dashboard(db).index.by_id.keys()
    # The key figures are the latest known then: a quarter no later than the first day.
    revenue = board.key_figures[0]
    assert revenue.label.startswith("Revenue ")
    assert date.fromisoformat(revenue.as_of) <= first.day


def test_the_detail_as_of_a_day_lists_only_what_was_published(
    db: Database, calendar: Calendar
) -> None:
    key = FactKey("KC", "revenue", "FY2024", "CNY")
    today = load_detail(db, key)
    published = {c.source.source_id for c in today.cards if c.source is not None}
    assert len(published) > 1  # stated by more than one source
    first_day = min(c.source.published for c in today.cards if c.source is not None)
    session = AsOfSession(db, first_day)
    try:
        then = load_detail(session, key)
    finally:
        session.close()
    assert 0 < len(then.cards) < len(today.cards)
    assert all(c.source is None or c.source.published <= first_day for c in then.cards)


def _add_fact(data: Path, row: list[str]) -> None:
    with (data / "facts.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(row)


def test_a_better_statement_published_later_restates_what_is_derived_from_it(
    data_copy: Path, tmp_path: Path
) -> None:
    """A more precise FY2021 revenue in a later source is the best statement from its
    day on; the growth derived from it changes that day, and not before."""
    sources = {r["source_id"]: r for r in csv.DictReader((data_copy / "sources.csv").open())}
    last = max(sources.values(), key=lambda r: r["published"])
    day = date.fromisoformat(last["published"])
    add_excerpt(
        data_copy,
        f"e{last['source_id'][1:]}-990",
        "Kingsoft Cloud's revenue for 2021 was 9.0612 billion yuan.",
        source_id=last["source_id"],
        topic="results",
    )
    _add_fact(
        data_copy,
        ["f9990", "KC", "revenue", "FY2021", "9061200000", "CNY", "reported",
         "9.0612 billion yuan", "", f"e{last['source_id'][1:]}-990", "test restatement"],
    )  # fmt: skip
    out = tmp_path / "kc.duckdb"
    build(data_copy, out)
    db = Database(out)
    try:
        growth = db.rows(
            "SELECT inputs, value, known_from, known_until FROM facts_history "
            "WHERE fact_id = 'd:KC:revenue_yoy:FY2021:%' ORDER BY known_from"
        )
        assert len(growth) == 2
        before, after = growth
        assert before["known_until"] == day == after["known_from"]
        assert "f9990" not in before["inputs"] and "f9990" in after["inputs"]
        assert after["known_until"] is None and before["value"] != after["value"]
        best_then = _as_of(
            db,
            date.fromordinal(day.toordinal() - 1),
            "SELECT fact_id FROM best_facts WHERE entity = 'KC' AND metric = 'revenue' "
            "AND period = 'FY2021' AND unit = 'CNY'",
        )
        assert best_then and best_then[0]["fact_id"] != "f9990"
        best_now = db.rows(
            "SELECT fact_id FROM best_facts WHERE entity = 'KC' AND metric = 'revenue' "
            "AND period = 'FY2021' AND unit = 'CNY'"
        )
        assert best_now == [{"fact_id": "f9990"}]
        shown = db.rows(
            "SELECT known_from, known_until FROM dashboard_history WHERE fact_id = 'f9990' AND best"
        )
        assert shown == [{"known_from": day, "known_until": None}]
    finally:
        db.close()


def test_the_schema_browser_lists_the_macro_with_its_comment(db: Database) -> None:
    macros = [r for r in db.catalog() if r.kind == "macro"]
    found = next(r for r in macros if r.name == "facts_as_of")
    assert found.parameters == ("day",)
    assert found.comment and "SET VARIABLE kctui_as_of" in found.comment
    facts = next(r for r in db.catalog() if r.name == "facts" and r.kind == "table")
    assert [c.name for c in found.columns] == [c.name for c in facts.columns]
