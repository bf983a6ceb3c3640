"""The command line: every failure a user can cause is one line, exit 1, no traceback."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kctui import __version__
from tests.conftest import ROOT


def kctui(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "kctui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
    )


def assert_one_clean_line(result, *fragments: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kctui: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_and_help() -> None:
    assert kctui("--version").stdout.strip() == f"kctui {__version__}"
    out = kctui("--help").stdout
    for word in ("sql", "build", "--db", "examples"):
        assert word in out


def test_sql_formats(db_path: Path) -> None:
    query = (
        "select period, revenue from annual_results where period in ('FY2017', 'FY2021') order by 1"
    )
    table = kctui("sql", query, "--db", str(db_path))
    assert table.returncode == 0
    assert "FY2017" in table.stdout and "(2 rows)" in table.stdout
    csv_out = kctui("sql", query, "--db", str(db_path), "--format", "csv").stdout.splitlines()
    # DuckDB's own text forms: a DOUBLE keeps its ".0".
    assert csv_out == ["period,revenue", "FY2017,1235000000.0", "FY2021,9061000000.0"]
    records = json.loads(kctui("sql", query, "--db", str(db_path), "--format", "json").stdout)
    assert records[1] == {"period": "FY2021", "revenue": 9061000000.0}


def test_sql_table_keeps_cjk_aligned_and_nulls_visible(db_path: Path) -> None:
    out = kctui(
        "sql",
        "select '光大证券' as a, 1 as n union all select 'ab', null order by n",
        "--db",
        str(db_path),
    ).stdout.splitlines()
    from kctui.core.text import cell_width as display_width

    widths = {display_width(line.split("│")[0]) for line in out[:4] if "│" in line}
    assert len(widths) == 1
    assert "NULL" in out[3]


def test_several_statements_show_the_last(db_path: Path) -> None:
    result = kctui(
        "sql",
        "create table t as select 42 as x; select x + 1 as y from t",
        "--db",
        str(db_path),
        "--format",
        "csv",
    )
    assert result.stdout.splitlines() == ["y", "43"]


def test_default_database_is_built_on_first_use(tmp_path: Path) -> None:
    result = kctui(
        "sql",
        "select count(*) as n from financing_rounds",
        "--format",
        "csv",
        env={"KCTUI_CACHE_DIR": str(tmp_path / "cache")},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "10"
    assert len(list((tmp_path / "cache").glob("kctui-*.duckdb"))) == 1


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("selec 1", "Parser Error"),
        ("select * from no_such_table", "no_such_table"),
        ("insert into facts (fact_id) values ('x')", "read-only"),
        ("drop table facts", "read-only"),
        ("update facts set value = 0", "read-only"),
        ("select 1 + 'a'", "Error"),
        ("  ", "empty query"),
        ("install httpfs", "kctui runs offline"),
    ],
)
def test_bad_queries(db_path: Path, query: str, fragment: str) -> None:
    before = sha(db_path)
    assert_one_clean_line(kctui("sql", query, "--db", str(db_path)), fragment)
    assert sha(db_path) == before


def test_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    assert_one_clean_line(kctui("sql", "select 1", "--db", str(missing)), "not found", str(missing))
    assert_one_clean_line(kctui("--db", str(missing)), "not found")


@pytest.mark.parametrize("damage", ["random", "truncated", "empty"])
def test_corrupt_database(db_path: Path, tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "bad.duckdb"
    if damage == "random":
        bad.write_bytes(os.urandom(64 * 1024))
    elif damage == "truncated":
        bad.write_bytes(db_path.read_bytes()[:5000])
    else:
        bad.write_bytes(b"")
    before = sha(bad)
    assert_one_clean_line(kctui("sql", "select 1", "--db", str(bad)), str(bad))
    # The explorer says so too, before drawing anything.
    assert_one_clean_line(kctui("--db", str(bad)), str(bad))
    assert sha(bad) == before


def test_foreign_duckdb_file(tmp_path: Path) -> None:
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("create table t as select 1 as x")
    con.close()
    assert_one_clean_line(kctui("sql", "select 1", "--db", str(other)), "not a kctui database")
    assert_one_clean_line(kctui("--db", str(other)), "not a kctui database")


def test_older_schema_version(db_path: Path, tmp_path: Path) -> None:
    import duckdb

    old = tmp_path / "old.duckdb"
    old.write_bytes(db_path.read_bytes())
    con = duckdb.connect(str(old))
    con.execute("update meta set value = '0' where key = 'schema_version'")
    con.close()
    assert_one_clean_line(kctui("sql", "select 1", "--db", str(old)), "schema version 0")
    assert_one_clean_line(kctui("--db", str(old)), "schema version 0")


def test_build_reports_every_problem_and_keeps_the_old_file(
    data_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kc.duckdb"
    assert kctui("build", "--data", str(data_copy), "--out", str(out)).returncode == 0
    before = sha(out)
    facts = data_copy / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace(",KC,revenue,2022Q1,", ",KC,revenue,2022Q7,", 1), encoding="utf-8"
    )
    result = kctui("build", "--data", str(data_copy), "--out", str(out))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{facts}:") and ": period: bad period '2022Q7'" in first
    assert result.stderr.splitlines()[-1] == "kctui: error: 1 problem(s); nothing was written"
    assert "Traceback" not in result.stderr
    assert sha(out) == before
    check = kctui("build", "--data", str(data_copy), "--check")
    assert check.returncode == 1 and "bad period" in check.stderr


def test_build_into_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert_one_clean_line(
        kctui("build", "--out", str(blocker / "sub" / "kc.duckdb")), "cannot write"
    )


def test_build_with_a_missing_data_directory(tmp_path: Path) -> None:
    assert_one_clean_line(
        kctui("build", "--data", str(tmp_path / "none")), "data directory not found"
    )


def test_config_path_prints_where_the_settings_file_is(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    result = kctui("config", "path", env={"KCTUI_CONFIG_DIR": str(folder)})
    assert result.returncode == 0 and result.stdout.strip() == str(folder / "config.toml")
    folder.mkdir()
    (folder / "config.toml").write_text('theme = "nord"\n[keymap]\nconsole_run = 5\n')
    broken = kctui("config", "path", env={"KCTUI_CONFIG_DIR": str(folder)})
    assert broken.stdout.strip() == str(folder / "config.toml")
    assert_one_clean_line(broken, f"{folder / 'config.toml'}:3: keymap.console_run:")


def test_an_unknown_theme_is_one_line(db_path: Path) -> None:
    import gc

    from kctui.cli.common import CliError
    from kctui.cli.explore import open_app

    try:
        with pytest.raises(CliError, match=r"no theme 'no-such-theme'; there are: .*nord"):
            open_app(str(db_path), "no-such-theme")
        app = open_app(str(db_path), "nord")
        assert app.theme == "nord"
        app.db.close()
    finally:
        gc.enable()  # the launch turns the cyclic GC off until its first paint
