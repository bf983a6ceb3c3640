"""Find a figure, without an App: what a query means, and what a search returns.

Expectations come from the database (which facts state KC's FY2021 net loss, which one
says 74.67), so the tests follow corrections of the curated data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kctui.core import find
from kctui.core.db import Database
from kctui.core.find_query import parse, words
from kctui.core.model import FactKey, RoundRef


@pytest.fixture(scope="module")
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def cursor(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    cur = db.cursor()
    yield cur
    cur.close()


@pytest.fixture(scope="module")
def names(cursor: duckdb.DuckDBPyConnection) -> find.NameIndex:
    return find.NameIndex.load(cursor)


def ids(db: Database, sql: str, params: list[object] | None = None) -> set[str]:
    return {str(r[0]) for r in db.query(sql, params).rows}


# --- what a query means ------------------------------------------------------------------


def test_the_index_and_the_query_split_words_alike(db: Database) -> None:
    """search_words (SQL, what the build indexed) and words (Python, what a search looks
    up) agree on every text of the data: quotes, labels, amounts as stated, names."""
    texts = [
        r[0]
        for r in db.query(
            "SELECT text FROM excerpts UNION ALL SELECT label FROM metrics "
            "UNION ALL SELECT as_stated FROM facts UNION ALL SELECT name FROM entities "
            "UNION ALL SELECT publisher FROM sources UNION ALL SELECT title FROM sources "
            "UNION ALL SELECT 'Straße 1,97 Milliarden café 【金山云(3896.HK)】4Q24 US$74.67'"
        ).rows
    ]
    indexed = db.query("SELECT list_sort(search_words(t)) FROM unnest($1::VARCHAR[]) u(t)", [texts])
    for text, (sql_words,) in zip(texts, indexed.rows, strict=True):
        assert sql_words == sorted(set(words(text))), text


def test_words_periods_and_numbers() -> None:
    query = parse("Net loss 2021")
    assert [t.text for t in query.tokens] == ["net", "loss", "2021"]
    assert query.tokens[2].words == ("2021",) and query.tokens[2].values
    assert [t.words for t in parse("revenue 2021Q4 q4 fy21 4Q24").tokens] == [
        ("revenue",),
        ("2021q4",),
        ("q4",),
        ("fy2021",),
        ("4q24",),
    ]
    # Stop words say nothing; a single letter is a whole word, not a beginning.
    assert [t.text for t in parse("share of the market").tokens] == ["share", "market"]
    assert not parse("a").tokens[0].prefix and parse("re").tokens[0].prefix
    assert parse("   ").empty


def contains(query: str, value: float, unit: str | None = None) -> bool:
    (token,) = parse(query).tokens
    return any(i.lo <= value <= i.hi and (i.unit in (None, unit)) for i in token.values)


def test_a_number_matches_what_its_digits_allow_at_any_scale() -> None:
    assert contains("74.67", 74.67) and not contains("74.67", 74.0)
    assert contains("74", 74.67)  # what is typed so far begins 74.67
    assert contains("74.6", 74.67) and contains("74.7", 74.67)  # begun, rounded
    assert not contains("74.8", 74.67) and not contains("74.5", 74.67)
    assert contains("2.42", 2_415_300_000)  # ¥2.415B rounds to 2.42
    assert contains("1.82", 1_820_000) and contains("1.82", 182_000_000)  # US$1.82M, 1.82亿
    assert contains("1.5 billion", 1_592_000_000) and not contains("1.5 billion", 150_000_000)
    assert contains("15亿", 1_500_000_000) and not contains("15亿", 15_000_000)
    assert contains("1,97 Milliarden", 1_970_000_000)  # a German decimal comma
    assert contains("1,820", 1820) and not contains("1,820", 1.82)
    assert contains("-22.6", -22.6) and not contains("-22.6", 22.6)
    assert contains("6.8%", 6.8, "%") and not contains("6.8%", 6_800_000)
    (dollars,) = parse("US$74.67").tokens
    assert {i.unit for i in dollars.values} == {"USD"}


def test_currency_words_filter_and_synonyms_translate() -> None:
    query = parse("revenue usd 2021")
    assert query.units == ("USD",)
    assert [t.text for t in query.tokens] == ["revenue", "2021"]
    assert [t.text for t in parse("融资").tokens] == ["financing"]
    assert [t.text for t in parse("金山云 营收").tokens] == ["kingsoft", "cloud", "revenue"]
    assert [t.text for t in parse("sales").tokens] == ["revenue"]


# --- what a search returns -----------------------------------------------------------------


def test_net_loss_2021_finds_kcs_fy2021_net_loss_first(
    db: Database, cursor: duckdb.DuckDBPyConnection, names: find.NameIndex
) -> None:
    wanted = ids(
        db,
        "SELECT fact_id FROM facts WHERE entity = 'KC' AND metric = 'net_loss' AND period = 'FY2021'",
    )
    assert wanted
    found = find.search(cursor, "net loss 2021", names).found
    assert {f.id for f in found[: len(wanted)]} == wanted
    assert found[0].subject == FactKey("KC", "net_loss", "FY2021", "CNY")
    # Every result names both words and the year somewhere.
    assert all("2021" in f.period for f in found)


def test_a_number_finds_its_fact(
    db: Database, cursor: duckdb.DuckDBPyConnection, names: find.NameIndex
) -> None:
    wanted = ids(db, "SELECT fact_id FROM facts WHERE as_stated LIKE '%74.67%'")
    assert wanted
    for query in ("74.67", "US$74.67", "$74.67"):
        found = find.search(cursor, query, names).found
        assert wanted <= {f.id for f in found}, query
        assert found[0].value == pytest.approx(74.67)
    rounds = ids(db, "SELECT round_id FROM financing_rounds WHERE amount = 1820000")
    tenths = ids(db, "SELECT fact_id FROM facts WHERE value = 182000000 AND unit = 'CNY'")
    assert rounds and tenths <= {f.id for f in find.search(cursor, "1.82", names).found}
    assert rounds <= {f.id for f in find.search(cursor, "1.82", names).found}


def test_scaled_numbers_words_and_chinese(
    db: Database, cursor: duckdb.DuckDBPyConnection, names: find.NameIndex
) -> None:
    net_loss = ids(
        db,
        "SELECT fact_id FROM facts WHERE entity = 'KC' AND metric = 'net_loss' "
        "AND period = 'FY2021' AND value BETWEEN 1.45e9 AND 1.6e9",
    )
    for query in ("1.5 billion", "15亿", "net loss 15亿"):
        assert net_loss <= {f.id for f in find.search(cursor, query, names).found}, query
    share = find.search(cursor, "market share alibaba", names).found
    assert share[0].entity == "ALIBABA_CLOUD" and share[0].metric == "market_share"
    financing = find.search(cursor, "融资", names).found
    assert any(isinstance(f.subject, RoundRef) for f in financing)
    # An investor is a round's own word: found, and the round's detail is its subject.
    xiaomi = ids(db, "SELECT round_id FROM financing_rounds WHERE investors ILIKE '%xiaomi%'")
    assert xiaomi <= {f.id for f in find.search(cursor, "xiaomi", names).found}
    assert {f.id for f in find.search(cursor, "series a round", names).found} == ids(
        db, "SELECT round_id FROM financing_rounds WHERE round = 'A'"
    )


def test_ranking_kc_first_and_units_filter(
    cursor: duckdb.DuckDBPyConnection, names: find.NameIndex
) -> None:
    revenue = find.search(cursor, "revenue", names).found
    assert revenue[0].entity == "KC" and revenue[0].label == "Revenue"
    scores = [f.score for f in revenue]
    assert scores == sorted(scores, reverse=True)
    dollars = find.search(cursor, "revenue usd", names).found
    assert dollars and all(f.unit == "USD" for f in dollars)
    assert find.search(cursor, "zzzzqx", names).found == ()
    assert find.search(cursor, "[bold]x[/]", names).found == ()


@pytest.mark.parametrize(
    "query",
    ["net loss 2021", "revenue", "kingsoft revenue", "gross margin 2024", "ne", "7", "2021"],
)
def test_the_first_step_settles_only_what_the_second_would_agree_with(
    cursor: duckdb.DuckDBPyConnection,
    names: find.NameIndex,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
) -> None:
    """Step one alone answers only when no statement matched through its own words could
    rank among its results: forcing step two changes nothing in the top results."""
    limit = 5  # small enough that step one settles often on the curated data
    quick = [f.id for f in find.search(cursor, query, names, limit=limit).found]
    monkeypatch.setattr(find, "settled", lambda *_args: False)
    thorough = [f.id for f in find.search(cursor, query, names, limit=limit).found]
    assert quick == thorough
