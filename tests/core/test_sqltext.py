"""Statement splitting, the statement under the cursor, DuckDB error positions."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kctui.core.console import sqltext


def texts(sql: str) -> list[str]:
    return [s.text for s in sqltext.split(sql)]


def test_split_plain_statements() -> None:
    assert texts("select 1; select 2;\n\nselect 3") == ["select 1", "select 2", "select 3"]


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("select ';' as a; select 2", ["select ';' as a", "select 2"]),
        ("select 'it''s; fine'; select 2", ["select 'it''s; fine'", "select 2"]),
        ("select E'a\\'; b'; select 2", ["select E'a\\'; b'", "select 2"]),
        ('select 1 as "a;b"; select 2', ['select 1 as "a;b"', "select 2"]),
        ("select 1 -- a; comment\n; select 2", ["select 1 -- a; comment", "select 2"]),
        (
            "select /* a; /* nested; */ b; */ 1; select 2",
            ["select /* a; /* nested; */ b; */ 1", "select 2"],
        ),
        ("select $$a;b$$; select $x$c;$x$", ["select $$a;b$$", "select $x$c;$x$"]),
        (";;  ; -- only a comment\n;", []),
        ("-- note\nselect 1; /* c */ select 2 -- end", ["select 1", "select 2 -- end"]),
        ("", []),
    ],
)
def test_split_respects_strings_comments_and_quotes(sql: str, expected: list[str]) -> None:
    assert texts(sql) == expected


def test_spans_point_into_the_source() -> None:
    sql = "  select 1 ;\n  select\n  2  ;"
    for span in sqltext.split(sql):
        assert sql[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "sql, offset, expected",
    [
        ("select 1; select 2", 3, "select 1"),
        ("select 1; select 2", 8, "select 1"),  # just before the ;
        ("select 1; select 2", 9, "select 1"),  # just after the ;
        ("select 1; select 2", 12, "select 2"),
        ("select 1;\n\nselect 2", 10, "select 2"),  # blank line before select 2
        ("select 1;\n\n", 11, "select 1"),  # trailing blank: the one before
        ("\n\nselect 1", 0, "select 1"),  # leading blank: the first after
        ("select 1; -- c\n", 14, "select 1"),  # in a comment after: the one before
    ],
)
def test_statement_at(sql: str, offset: int, expected: str) -> None:
    span = sqltext.statement_at(sql, offset)
    assert span is not None and span.text == expected


def test_statement_at_in_empty_text() -> None:
    assert sqltext.statement_at("", 0) is None
    assert sqltext.statement_at("  -- nothing\n", 5) is None


FRAGMENTS = st.sampled_from(
    [
        "select 1",
        "select ';'",
        "select 'a''b;'",
        'select 1 as "x;y"',
        "select 1 -- c;\n",
        "select /* ; */ 2",
        "select $$;$$",
        "values (1), (2)",
        "create table t(a int)",
        "select E'\\';'",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(FRAGMENTS, min_size=0, max_size=6), st.sampled_from([";", ";\n", " ;  \n\n"]))
def test_split_agrees_with_duckdb(fragments: list[str], sep: str) -> None:
    sql = sep.join(fragments)
    ours = sqltext.split(sql)
    theirs = duckdb.extract_statements(sql) if sql.strip() else []
    assert len(ours) == len(theirs)
    for span in ours:
        assert sql[span.start : span.end] == span.text


def duckdb_message(sql: str) -> str:
    con = duckdb.connect()
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        return str(exc)
    finally:
        con.close()
    raise AssertionError("no error")


@pytest.mark.parametrize(
    "sql, expected",
    [
        ("selec 1", (0, 0)),
        ("select 1,\n  2 +  from x", (1, 7)),
        ("select * from nope", (0, 14)),
        ("select '中文中文' , nope", (0, 16)),
        ("select " + ", ".join(f"c{i}" for i in range(60)) + " from nope", None),
    ],
)
def test_error_position(sql: str, expected: tuple[int, int] | None) -> None:
    message = duckdb_message(sql)
    position = sqltext.error_position(message, sql)
    if expected is None:  # a long, elided line: the caret still lands on "nope"
        assert position is not None
        line, column = position
        assert sql.split("\n")[line][column:].startswith("nope")
    else:
        assert position == expected


def test_error_position_without_a_hint() -> None:
    assert sqltext.error_position("Binder Error: something", "select 1") is None


def test_word_before() -> None:
    assert sqltext.word_before("select fa", 9) == ("", "fa", 7)
    assert sqltext.word_before("from kc.fa", 10) == ("kc", "fa", 8)
    assert sqltext.word_before("from kc.", 8) == ("kc", "", 8)
    assert sqltext.word_before('select "my t".co', 16) == ("my t", "co", 14)
    assert sqltext.word_before("x", 0) == ("", "", 0)


def test_quote_ident() -> None:
    assert sqltext.quote_ident("revenue") == "revenue"
    assert sqltext.quote_ident("Revenue") == '"Revenue"'
    assert sqltext.quote_ident('a"b') == '"a""b"'
    assert sqltext.quote_ident("select", frozenset({"SELECT"})) == '"select"'


def test_location_and_offset_round_trip() -> None:
    sql = "ab\ncde\n\nf"
    for offset in range(len(sql) + 1):
        assert sqltext.offset_of(sql, *sqltext.location(sql, offset)) == offset
