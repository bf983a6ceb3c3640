"""bench/synthetic.py: the scaled dataset passes the build's validation and its views answer."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from kctui.build import build, validate

ROOT = Path(__file__).resolve().parents[2]
FACTOR = 5


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic", module)
    spec.loader.exec_module(module)
    return module


synthetic = _load_generator()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "data"
    synthetic.generate(out, FACTOR, seed=7)
    return out


def test_validates_with_no_problems(scaled: Path) -> None:
    problems = validate(scaled).problems
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_scales_the_curated_facts_and_keeps_them(scaled: Path) -> None:
    real = _rows(ROOT / "data" / "facts.csv")
    facts = _rows(scaled / "facts.csv")
    assert len(facts) == FACTOR * len(real)
    assert facts[: len(real)] == real  # the curated rows, unchanged, first
    excerpts = _rows(scaled / "excerpts.csv")
    assert len(excerpts) == FACTOR * len(_rows(ROOT / "data" / "excerpts.csv"))
    kinds = {e["kind"] for e in _rows(scaled / "entities.csv") if e["entity"].startswith("SYN_")}
    assert kinds == {"competitor", "peer"}


def test_deterministic(scaled: Path, tmp_path: Path) -> None:
    synthetic.generate(tmp_path, FACTOR, seed=7)
    for name in ("facts.csv", "excerpts.csv", "entities.csv", "sources.csv", "events.csv"):
        assert (tmp_path / name).read_bytes() == (scaled / name).read_bytes(), name


def test_builds_and_views_answer(scaled: Path, tmp_path: Path, db_path: Path) -> None:
    db = tmp_path / "scaled.duckdb"
    build(scaled, db)
    con = duckdb.connect(str(db), read_only=True)
    real = duckdb.connect(str(db_path), read_only=True)
    try:

        def count(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        assert count("SELECT count(*) FROM facts") == FACTOR * count_real_facts()
        assert count("SELECT count(*) FROM derived_facts WHERE entity LIKE 'SYN_%'") > 0
        assert count("SELECT count(*) FROM competitors WHERE entity LIKE 'SYN_%'") > 0
        # KC's curated quarters show exactly as curated, with synthetic ones before them.
        curated = "SELECT * FROM quarterly_results WHERE period >= '2016' ORDER BY period"
        assert con.execute(curated).fetchall() == real.execute(curated).fetchall()
        assert count("SELECT count(*) FROM quarterly_results WHERE period < '2015'") > 0
        # The curated conflicts are all still there, and synthetic ones beside them.
        pairs = "SELECT fact_a, fact_b, difference FROM conflicts ORDER BY ALL"
        listed = set(con.execute(pairs).fetchall())
        assert set(real.execute(pairs).fetchall()) <= listed
        assert len(listed) > len(real.execute(pairs).fetchall())
    finally:
        con.close()
        real.close()


def count_real_facts() -> int:
    return len(_rows(ROOT / "data" / "facts.csv"))
