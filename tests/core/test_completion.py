"""Completion candidates: tables after FROM, columns of the named tables, aliases, keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from kctui.core.console.completion import Completer, vocabulary
from kctui.core.db import Database


@pytest.fixture(scope="module")
def completer(db_path: Path) -> Completer:
    db = Database(db_path)
    try:
        return Completer(db.catalog(), vocabulary(db))
    finally:
        db.close()


def labels(
    completer: Completer, qualifier: str, prefix: str, before: str, stmt: str = ""
) -> list[str]:
    return [c.label for c in completer.complete(qualifier, prefix, before, stmt or before + prefix)]


def test_tables_come_first_after_from(completer: Completer) -> None:
    got = labels(completer, "", "fin", "SELECT * FROM ")
    assert got[0] == "financing_rounds"


def test_columns_of_the_named_table_come_first(completer: Completer) -> None:
    stmt = "SELECT rev FROM annual_results"
    got = completer.complete("", "rev", "SELECT ", stmt)
    assert got[0].kind == "column" and got[0].label.startswith("revenue")
    assert "annual_results" in got[0].detail


def test_qualified_by_alias_and_by_database(completer: Completer) -> None:
    stmt = "SELECT f. FROM facts f"
    got = completer.complete("f", "", "SELECT ", stmt)
    assert got and all(c.kind == "column" for c in got)
    assert "fact_id" in [c.label for c in got]
    kc = completer.complete("kc", "so", "SELECT * FROM ", "SELECT * FROM kc.so")
    assert next(c.label for c in kc) == "sources" and all(c.kind in ("table", "view") for c in kc)


def test_keywords_follow_the_case_typed(completer: Completer) -> None:
    lower = completer.complete("", "sel", "", "sel")
    upper = completer.complete("", "SEL", "", "SEL")
    assert lower[0].insert == "select" and upper[0].insert == "SELECT"


def test_word_boundary_matches(completer: Completer) -> None:
    got = labels(completer, "", "yoy", "SELECT ", "SELECT yoy FROM annual_results")
    assert "revenue_yoy" in got
