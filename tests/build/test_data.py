"""The curated CSVs against their sources and the data contract."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import pytest

from kctui.build import validate
from kctui.core.amounts import parse_amount
from tests.conftest import DATA, SEEDS


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_curated_data_validates() -> None:
    problems = validate(DATA).problems
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"source documents not present at {SEEDS}")
def test_every_excerpt_is_verbatim_in_its_source() -> None:
    files = {r["source_id"]: r["file"] for r in rows("sources")}
    texts = {sid: (SEEDS / name).read_text(encoding="utf-8") for sid, name in files.items()}
    missing = [
        (r["excerpt_id"], r["text"][:60])
        for r in rows("excerpts")
        if r["text"] not in texts[r["source_id"]]
    ]
    assert missing == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"source documents not present at {SEEDS}")
def test_every_source_file_exists() -> None:
    for r in rows("sources"):
        assert (SEEDS / r["file"]).is_file(), r["file"]


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
