"""The failure matrix: each row a way a user (or their machine) can hurt kctui.

Rows covered elsewhere: a missing, corrupt (random bytes, truncated, empty), foreign
or older-schema database and a malformed curated CSV in tests/unit/test_cli.py and
tests/unit/test_build.py; an unwritable cache directory in tests/unit/test_build.py;
an unwritable history directory and export path in tests/ui/test_console.py; markup
and escape sequences in the data in tests/ui/test_dashboard.py.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from kctui.build import build
from kctui.core.db import Database
from kctui.ui import create_app
from tests.conftest import ROOT, add_excerpt


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_a_40x12_terminal_says_it_is_too_small(db_path: Path) -> None:
    from kctui.ui.screens.too_small import TooSmallScreen

    app = create_app(db_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = str(app.screen.query_one("#too-small-message").render())
        assert "too small" in text and "80x24" in text
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)


async def test_two_apps_on_one_database_at_once(db_path: Path) -> None:
    before = sha(db_path)
    first, second = create_app(db_path), create_app(db_path)
    async with first.run_test(size=(120, 40)) as p1, second.run_test(size=(120, 40)) as p2:
        await p1.pause()
        await p2.pause()
        assert (
            first.db.query("select count(*) from facts").rows
            == second.db.query("select count(*) from facts").rows
        )
    assert sha(db_path) == before


def test_two_processes_query_one_database_at_once(db_path: Path) -> None:
    before = sha(db_path)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kctui",
                "sql",
                "select count(*) from range(3000000)",
                "--db",
                str(db_path),
                "--format",
                "csv",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.splitlines()[1] == "3000000"
    assert sha(db_path) == before


def test_two_processes_building_the_default_database_at_once(
    data_copy: Path, tmp_path: Path
) -> None:
    env_code = (
        "import os, sys; os.environ['KCTUI_CURATED_DIR'] = sys.argv[1]; "
        "os.environ['KCTUI_CACHE_DIR'] = sys.argv[2]; "
        "from kctui.build.cache import ensure_database; from kctui.core.db import Database; "
        "db = Database(ensure_database()); print(db.query('select count(*) from facts').rows[0][0])"
    )
    # A temporary directory of the test's own: the shared one may hold a database of
    # the same data from another run (the private fallback), which would be opened
    # instead of built.
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", env_code, str(data_copy), str(tmp_path / "cache")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(3)
    ]
    counts = set()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        counts.add(out.strip())
    assert len(counts) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.suffix == ".tmp"] == []


def _append_excerpt(data: Path, text: str) -> None:
    add_excerpt(data, "e001-999", text, topic="results")
    with (data / "events.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["v999", "2020-01", "KC", "A very long quote", "e001-999", ""]
        )


async def test_a_very_long_excerpt(data_copy: Path, tmp_path: Path) -> None:
    long_text = "Jinshan cloud " + "and the long sentence goes on " * 700 + "end."
    _append_excerpt(data_copy, long_text)
    out = tmp_path / "long.duckdb"
    build(data_copy, out)
    app = create_app(out)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert app.is_running
    db = Database(out)
    assert (
        len(db.query("select text from excerpts where excerpt_id = 'e001-999'").rows[0][0]) > 20_000
    )
    db.close()


async def test_nulls_in_every_column_of_the_views(data_copy: Path, tmp_path: Path) -> None:
    """A database with one fact: every results and competitors column but one is NULL."""
    facts = data_copy / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [line for line in lines[1:] if ",KC,revenue,2022Q1," in line][:1]
    facts.write_text(lines[0] + "".join(keep), encoding="utf-8")
    for name in ("financing_rounds.csv", "conflict_causes.csv"):
        (data_copy / name).write_text(
            (data_copy / name).read_text(encoding="utf-8").splitlines()[0] + "\n",
            encoding="utf-8",
        )
    out = tmp_path / "sparse.duckdb"
    build(data_copy, out)
    db = Database(out)
    row = db.rows("select * from quarterly_results")[0]
    assert row["revenue"] == 2.17e9 and row["net_loss"] is None and row["revenue_yoy"] is None
    assert db.rows("select * from annual_results") == []
    db.close()
    app = create_app(out)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("1", "2", "3", "4", "f2", "f2"):
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running
