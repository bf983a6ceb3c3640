"""SQL wrappers run in DuckDB: count, copy, page, sort and filter say what they mean."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest

from kctui.core.console import wrap
from kctui.core.console.wrap import NoValueFilter, View
from kctui.core.db import connect

STATEMENT = "SELECT range AS n, range % 3 AS m FROM range(10) -- a trailing comment;"


@pytest.fixture
def con():  # type: ignore[no-untyped-def]
    c = connect()
    yield c
    c.close()


def test_body_strips_semicolons_and_blanks() -> None:
    assert wrap.body("  SELECT 1 ;; \n") == "SELECT 1"
    assert wrap.ident('a"b') == '"a""b"'


def test_count_and_copy_survive_a_trailing_comment(con) -> None:  # type: ignore[no-untyped-def]
    assert con.execute(wrap.count_sql(STATEMENT)).fetchone() == (10,)
    table = wrap.new_table()
    con.execute(wrap.schema_sql())
    assert con.execute(wrap.copy_sql(STATEMENT, table)).fetchone() == (10,)
    assert con.execute(wrap.page_sql(table, 8, 5)).fetchall() == [(8, 2), (9, 0)]
    con.execute(wrap.drop_sql(table))


def test_a_copy_keeps_the_order_of_the_query(con) -> None:  # type: ignore[no-untyped-def]
    table = wrap.new_table()
    con.execute(wrap.schema_sql())
    con.execute(wrap.copy_sql("SELECT range FROM range(100000) ORDER BY hash(range)", table))
    expected = con.execute("SELECT range FROM range(100000) ORDER BY hash(range)").fetchall()
    got = con.execute(wrap.page_sql(table, 0, 100000)).fetchall()
    assert got == expected


def test_views_sort_with_ties_in_one_order_and_filter(con) -> None:  # type: ignore[no-untyped-def]
    view = View().sorted_by("m")
    assert view.sort == ("m", False)
    rows = con.execute(wrap.view_sql(STATEMENT, view)).fetchall()
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)
    assert rows == sorted(rows, key=lambda r: (r[1], r[0]))  # ties by every column
    view = view.sorted_by("m")
    assert view.sort == ("m", True)
    assert con.execute(wrap.view_sql(STATEMENT, view)).fetchone() == (2, 2)
    assert view.sorted_by("m").sort is None
    assert view.sorted_by("n").sort == ("n", False)
    filtered = View().filtered("n > 5 -- tricky").filtered("m = 0")
    assert con.execute(wrap.view_sql(STATEMENT, filtered)).fetchall() == [(6, 0), (9, 0)]
    assert filtered.filtered("").where == ()
    assert filtered.describe() == "where n > 5 -- tricky and m = 0"
    shown = wrap.shown_sql(View(("revenue", True), ("x > 1",)))
    assert shown == 'SELECT * FROM (‹your query›) WHERE (x > 1) ORDER BY "revenue" DESC NULLS LAST'


def test_ties_are_broken_by_the_other_columns_only(con) -> None:  # type: ignore[no-untyped-def]
    view = View(("m", True))
    sql = wrap.view_sql(STATEMENT, view, ("n", "m"))
    assert sql.endswith('ORDER BY "m" DESC NULLS LAST, "n"')
    assert con.execute(sql).fetchall() == sorted(
        con.execute(STATEMENT).fetchall(), key=lambda r: (-r[1], r[0])
    )
    assert wrap.view_sql("SELECT 1 AS x", View(("x", False)), ("x",)).endswith(
        'ORDER BY "x" ASC NULLS LAST'
    )


def test_nulls_sort_last_both_ways(con) -> None:  # type: ignore[no-untyped-def]
    base = "SELECT * FROM (VALUES (2), (NULL), (1)) t(x)"
    up = con.execute(wrap.view_sql(base, View(("x", False)))).fetchall()
    down = con.execute(wrap.view_sql(base, View(("x", True)))).fetchall()
    assert up == [(1,), (2,), (None,)] and down == [(2,), (1,), (None,)]


@pytest.mark.parametrize(
    "type_name, value",
    [
        ("BIGINT", 12),
        ("DOUBLE", 0.1 + 0.2),
        ("DECIMAL(18,3)", decimal.Decimal("1234.500")),
        ("VARCHAR", "it's [b]x[/b]"),
        ("DATE", dt.date(2021, 3, 31)),
        ("TIMESTAMP", dt.datetime(2021, 3, 31, 12, 30, 1, 5)),
        ("BOOLEAN", True),
        ("UUID", uuid.UUID(int=5)),
        ("INTEGER", None),
    ],
)
def test_value_filters_match_exactly(con, type_name: str, value: object) -> None:  # type: ignore[no-untyped-def]
    con.execute(f"CREATE TABLE t (x {type_name})")
    con.execute("INSERT INTO t VALUES (?)", [value])
    con.execute("INSERT INTO t VALUES (?)", [None if value is not None else 1])
    predicate = wrap.value_filter("x", type_name, value)
    rows = con.execute(f"SELECT x FROM t WHERE {predicate}").fetchall()
    assert rows == [(value,)]


def test_value_filter_refuses_what_it_cannot_match() -> None:
    with pytest.raises(NoValueFilter, match="type a filter"):
        wrap.value_filter("x", "INTEGER[]", [1, 2])
    assert wrap.value_filter("x", "DOUBLE", float("nan")) == 'isnan("x")'
