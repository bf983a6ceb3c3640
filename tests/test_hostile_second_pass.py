"""Regressions from the second adversarial pass of issue 10 (one test per defect found).

Each failed before its fix: a traceback, a hang, output in the wrong stream, a guard
a comment got past, or a file an export or a build put in place of what was there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kctui.build import validate
from kctui.core.console import export
from kctui.core.db import Database, QueryError, guard
from tests.conftest import ROOT
from tests.test_hostile import KCTUI, kctui, one_line, sha


@pytest.fixture
def db(db_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kc.duckdb"
    shutil.copyfile(db_path, copy)
    return copy


@pytest.mark.parametrize(
    "sql",
    [
        "DETACH kc /* a comment after */",
        "/* before */ DETACH kc",
        'DETACH "KC" -- bye',
        "detach database if exists kc -- x\n;",
        "DETACH kc/**/",
    ],
)
def test_a_comment_does_not_get_a_detach_of_kc_past_the_guard(sql: str) -> None:
    with pytest.raises(QueryError, match="stays attached"):
        guard(sql)


def test_detaching_another_database_is_still_allowed() -> None:
    assert guard("DETACH scratch -- kc") == "DETACH"
    assert guard("DETACH kcx") == "DETACH"


def test_a_query_that_is_not_utf8_is_one_line(db: Path) -> None:
    # A byte that is not UTF-8 reaches Python as a lone surrogate (os.fsdecode).
    query = os.fsdecode(b"select '\xff'")
    result = subprocess.run(
        [*KCTUI, "sql", query, "--db", str(db)], capture_output=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 1, result.stderr
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "not valid UTF-8 (byte 0xff" in err


def test_with_stderr_closed_an_error_never_lands_in_the_output(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    with out.open("wb") as handle:
        result = subprocess.run(
            [*KCTUI, "sql", "selec 1", "--format", "csv", "--db", str(db)],
            stdout=handle,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            timeout=120,
            # fd 2 closed in the child, as `2>&-` leaves it
            preexec_fn=lambda: os.close(2),
        )
    assert result.returncode == 1
    assert out.read_bytes() == b""


def test_the_explorer_with_stdin_and_stdout_closed_is_one_line(db: Path) -> None:
    def close_both() -> None:
        os.close(0)
        os.close(1)

    result = subprocess.run(
        [*KCTUI, "--db", str(db)],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=close_both,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "needs a terminal" in result.stderr


def test_the_build_line_shows_escapes_in_the_path(tmp_path: Path) -> None:
    out = tmp_path / "\x1b]0;pwn\x07.duckdb"
    result = kctui("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "␛]0;pwn␇" in result.stdout


def test_a_fifo_among_the_curated_files_is_a_problem_not_a_hang(data_copy: Path) -> None:
    (data_copy / "facts.csv").unlink()
    os.mkfifo(data_copy / "facts.csv")
    ds = validate(data_copy)  # before the fix: blocked forever reading the FIFO
    assert any(p.file == "facts.csv" and "not a regular file" in p.message for p in ds.problems), (
        ds.problems
    )
    result = kctui("build", "--data", str(data_copy), "--check")
    assert result.returncode == 1 and "not a regular file" in result.stderr


def test_a_fifo_as_a_source_document_is_a_problem_not_a_hang(data_copy: Path) -> None:
    document = sorted((data_copy / "sources").glob("*.txt"))[0]
    document.unlink()
    os.mkfifo(document)
    ds = validate(data_copy)
    assert any("not a regular file" in p.message for p in ds.problems), ds.problems


def test_an_export_never_replaces_a_special_file(db_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    database = Database(db_path)
    try:
        with pytest.raises(export.ExportError, match="not a regular file"):
            export.export(database.cursor, "select 1", fifo, "csv", overwrite=True)
    finally:
        database.close()
    assert fifo.is_fifo()


def test_an_export_never_replaces_the_attached_database(db: Path) -> None:
    before = sha(db)
    database = Database(db)
    try:
        with pytest.raises(export.ExportError, match="attached as kc"):
            export.export(database.cursor, "select 1", db, "csv", overwrite=True)
    finally:
        database.close()
    assert sha(db) == before
    one_line(kctui("sql", "selec", "--db", str(db)), "syntax error")  # still opens


if sys.platform != "linux":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX fds and FIFOs")


def test_ctrl_c_while_the_commands_load_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import kctui.cli as cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    # As a Ctrl-C lands while parser() imports the command modules (before the fix it
    # escaped main() as a traceback).
    monkeypatch.setattr(cli, "parser", interrupted)
    assert cli.main(["build", "--check"]) == 130
    assert capsys.readouterr().err.strip() == "kctui: interrupted"


def test_a_kctui_database_is_never_attached_writable(
    db: Path, db_path: Path, tmp_path: Path
) -> None:
    """Attached writable, a kctui database could be changed and its digest forged with
    the same public SQL: kctui detaches it at once and says so; read-only is fine."""
    other = tmp_path / "other.duckdb"
    shutil.copyfile(db_path, other)
    before = sha(db)
    for attach in (f"ATTACH '{db}' AS w", f"ATTACH IF NOT EXISTS '{db}' AS w (READ_WRITE)"):
        result = kctui("sql", "--db", str(other), f"{attach}; UPDATE w.facts SET value = 0")
        one_line(result, "can only be attached read-only")
    assert sha(db) == before
    result = kctui(
        "sql", "--db", str(other), f"ATTACH '{db}' AS w (READ_ONLY); SELECT count(*) FROM w.facts"
    )
    assert result.returncode == 0 and "234" in result.stdout, result.stderr
    scratch = tmp_path / "scratch.duckdb"
    result = kctui(
        "sql",
        "--db",
        str(db),
        f"ATTACH '{scratch}' AS s; CREATE TABLE s.t AS SELECT 1 AS x; SELECT x FROM s.t",
        "--format",
        "csv",
    )
    assert result.returncode == 0 and result.stdout.splitlines() == ["x", "1"], result.stderr


def test_the_console_refuses_a_writable_attach_of_a_kctui_database(
    db: Path, tmp_path: Path
) -> None:
    from kctui.core.console.run import QueryRun, StatementError

    other = tmp_path / "other.duckdb"
    shutil.copyfile(db, other)
    database = Database(db)
    try:
        run = QueryRun(database.cursor, [f"ATTACH '{other}' AS w"])
        with pytest.raises(StatementError, match="read-only"):
            run.execute()
        names = [
            r[0]
            for r in database.cursor()
            .execute("SELECT database_name FROM duckdb_databases()")
            .fetchall()
        ]
        assert "w" not in names
    finally:
        database.close()
