"""The curated CSVs against their sources and the data contract."""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import duckdb
import pytest

from kctui.build import validate
from kctui.core.amounts import parse_amount
from tests.conftest import DATA


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_curated_data_validates() -> None:
    problems = validate(DATA).problems
    assert problems == [], "\n".join(map(str, problems))


def _document(source_id: str) -> str:
    (row,) = [r for r in rows("sources") if r["source_id"] == source_id]
    return (DATA / "sources" / row["file"]).read_text(encoding="utf-8")


def test_every_source_document_ships_with_its_hash() -> None:
    for r in rows("sources"):
        data = (DATA / "sources" / r["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == r["sha256"], r["source_id"]


def test_every_excerpt_is_verbatim_at_its_lines() -> None:
    """Runs in every checkout: the documents ship in data/sources/."""
    for r in rows("excerpts"):
        lines = _document(r["source_id"]).split("\n")
        first, last = int(r["first_line"]), int(r["last_line"])
        block = "\n".join(lines[first - 1 : last])
        at = block.find(r["text"])
        assert at >= 0, r["excerpt_id"]
        assert block.count("\n", 0, at) == 0, f"{r['excerpt_id']} does not start on line {first}"
        assert block.count("\n", 0, at + len(r["text"])) == last - first, r["excerpt_id"]


def test_every_excerpt_names_what_it_quotes() -> None:
    """An excerpt stands alone: the stock page's bare cells carry their labels."""
    bare = [
        r["excerpt_id"]
        for r in rows("excerpts")
        if len(r["text"]) < 25 and not any(ch.isalpha() for ch in r["text"].split("\n")[0][:3])
    ]
    assert bare == []


def test_every_value_equals_the_parse_of_its_words() -> None:
    """Exceptions are explicit: a `reading` override, always with a note saying why."""
    for r in rows("facts"):
        amount = parse_amount(r["as_stated"], r["reading"])
        assert math.isclose(float(r["value"]), amount.value, rel_tol=1e-12, abs_tol=1e-12), r[
            "fact_id"
        ]
        assert r["as_stated"] in next(
            x["text"] for x in rows("excerpts") if x["excerpt_id"] == r["excerpt_id"]
        )
        if r["reading"]:
            assert r["note"].strip(), f"{r['fact_id']} overrides the words without a note"


def test_rounds_parse_too() -> None:
    for r in rows("financing_rounds"):
        if r["amount"]:
            assert float(r["amount"]) == pytest.approx(
                parse_amount(r["as_stated"], r["reading"]).value
            )


def test_overrides_are_the_exception() -> None:
    facts = rows("facts")
    overridden = [r for r in facts if r["reading"]]
    assert 0 < len(overridden) < len(facts) / 4


def test_every_excerpt_backs_something(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    unused = con.execute(
        """
        SELECT excerpt_id FROM excerpts
        WHERE excerpt_id NOT IN (SELECT excerpt_id FROM facts)
          AND excerpt_id NOT IN (SELECT excerpt_id FROM financing_rounds)
          AND excerpt_id NOT IN (SELECT excerpt_id FROM events)
        """
    ).fetchall()
    con.close()
    assert unused == []


def test_the_financing_history_is_complete(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    rounds = con.execute(
        "SELECT announced, round, amount FROM financing_rounds ORDER BY announced_date"
    ).fetchall()
    total = con.execute("SELECT sum(amount) FROM financing_rounds WHERE round <> 'IPO'").fetchone()[
        0
    ]
    con.close()
    assert len(rounds) == 10  # nine rounds in a decade, then the IPO
    assert rounds[0][2] == 1_820_000  # Xiaomi's 182万 USD
    assert rounds[-1][1] == "IPO" and rounds[-1][0] == "2020-05-08"
    assert total == pytest.approx(968_480_000)


@pytest.mark.parametrize(
    ("metric", "period", "value"),
    [
        ("revenue", "FY2017", 1.235e9),
        ("revenue", "FY2021", 9.061e9),
        ("revenue", "2022Q1", 2.17e9),
        ("revenue", "2022Q2", 1.91e9),
        ("revenue", "2024Q4", 2.232e9),
        ("revenue", "2025Q1", 1.97e9),
        ("net_loss", "2022Q1", 5.548e8),
        ("gross_margin", "FY2024", 17.2),
        ("premium_customers", "FY2021", 597),
        ("ipo_price", "2020-05-08", 17),
    ],
)
def test_key_figures_are_curated(db_path: Path, metric: str, period: str, value: float) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    found = [
        v
        for (v,) in con.execute(
            "SELECT value FROM facts WHERE entity = 'KC' AND metric = ? AND period = ?",
            [metric, period],
        ).fetchall()
    ]
    con.close()
    assert any(v == pytest.approx(value) for v in found), (metric, period, found)
