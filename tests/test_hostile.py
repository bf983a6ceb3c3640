"""Hostile and careless input at the command line and the build: the failure contract.

Every case is one clear line on stderr, a non-zero exit (130 for Ctrl-C), no
traceback, and nothing lost: the curated file's bytes unchanged, an old database
left in place by a failed build, a user's file never replaced. The property tests at
the end throw random SQL at ``kctui sql`` and random bytes at the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kctui.build import build, validate
from tests.conftest import ROOT

KCTUI = [sys.executable, "-m", "kctui"]
NEVER_ENDS = "SELECT sum(hash(range)) FROM range(9223372036854775807)"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kctui(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KCTUI, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kw,  # type: ignore[arg-type]
    )


def one_line(result: subprocess.CompletedProcess[str], fragment: str = "", code: int = 1) -> str:
    """The one line a failure says (and that it says nothing else)."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], lines[0]
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    return lines[0]


@pytest.fixture
def db(db_path: Path, tmp_path: Path) -> Path:
    """A private copy of the curated database (tests may try to damage it)."""
    copy = tmp_path / "kc.duckdb"
    shutil.copyfile(db_path, copy)
    return copy


# --- the curated file cannot be changed behind kctui's back ----------------------------


def tamper(path: Path, sql: str) -> None:
    """Change ``path`` outside kctui, as any DuckDB client could."""
    writer = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); con.execute(sys.argv[2])"
    subprocess.run([sys.executable, "-c", writer, str(path), sql], check=True)


def test_an_update_through_attach_is_refused_and_any_other_change_caught(
    db: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.duckdb"
    shutil.copyfile(db, other)
    before = sha(db)
    sql = f"ATTACH '{db}' AS w; UPDATE w.facts SET value = 0 WHERE metric = 'revenue'"
    # kctui's own SQL cannot attach a kctui database writable...
    one_line(kctui("sql", sql, "--db", str(other)), "can only be attached read-only")
    assert sha(db) == before
    # ...and a change made by any other means is refused at the next open, not shown.
    tamper(db, "UPDATE facts SET value = 0 WHERE metric = 'revenue'")
    one_line(kctui("sql", "select 1", "--db", str(db)), "failed its integrity check")


def test_copy_over_the_file_is_caught(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    shutil.copyfile(db, other)
    kctui("sql", f"COPY (SELECT 1) TO '{db}'", "--db", str(other))
    one_line(kctui("sql", "select 1", "--db", str(db)), str(db))


def test_a_hard_link_written_through_is_caught(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "alias.duckdb"
    os.link(db, link)
    other = tmp_path / "other.duckdb"
    shutil.copyfile(db, other)
    sql = f"ATTACH '{link}' AS w; UPDATE w.facts SET value = 0; CHECKPOINT w"
    one_line(kctui("sql", sql, "--db", str(other)), "can only be attached read-only")
    tamper(link, "UPDATE facts SET value = 0; CHECKPOINT")  # through the other name
    one_line(kctui("sql", "select 1", "--db", str(db)), "integrity")


def test_a_change_left_in_a_write_ahead_log_is_caught(db: Path, tmp_path: Path) -> None:
    # DuckDB keeps a small change in <file>.wal and replays it at open; the file's own
    # stat does not move, so the seal alone would not see it.
    kctui("sql", "select 1", "--db", str(db))  # sealed
    writer = (
        "import duckdb, os, sys; con = duckdb.connect(sys.argv[1]); "
        "con.execute(\"SET checkpoint_threshold = '1GB'; UPDATE facts SET value = 0\"); "
        "os._exit(0)"  # no checkpoint at exit: the change stays in the log
    )
    subprocess.run([sys.executable, "-c", writer, str(db)], check=True)
    assert Path(str(db) + ".wal").exists()
    one_line(kctui("sql", "select 1", "--db", str(db)), "integrity")


def test_a_changed_default_cache_is_rebuilt(tmp_path: Path) -> None:
    env = {"KCTUI_CACHE_DIR": str(tmp_path / "cache")}
    assert kctui("sql", "select 1", env=env).returncode == 0
    (cached,) = (tmp_path / "cache").glob("*.duckdb")
    before = kctui("sql", "select sum(value) from facts", "--format", "csv", env=env).stdout
    other = tmp_path / "other.duckdb"
    shutil.copyfile(cached, other)
    sql = f"ATTACH '{cached}' AS w; UPDATE w.facts SET value = 0"
    one_line(kctui("sql", sql, "--db", str(other)), "can only be attached read-only")
    tamper(cached, "UPDATE facts SET value = 0")
    again = kctui("sql", "select sum(value) from facts", "--format", "csv", env=env)
    assert again.returncode == 0 and again.stdout == before
    assert "rebuilding" in again.stderr and len(again.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_default_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    env = {"KCTUI_CACHE_DIR": str(tmp_path / "cache")}
    assert kctui("sql", "select 1", env=env).returncode == 0
    (cached,) = (tmp_path / "cache").glob("*.duckdb")
    if damage == "truncate":
        with cached.open("r+b") as handle:
            handle.truncate(cached.stat().st_size // 3)
    elif damage == "garbage":
        cached.write_bytes(os.urandom(50_000))
    else:
        cached.write_bytes(b"")
    result = kctui("sql", "select count(*) from facts", env=env)
    curated = (ROOT / "data" / "facts.csv").read_text(encoding="utf-8").count("\nf")
    assert result.returncode == 0 and f"{curated:,}" in result.stdout
    assert "rebuilding" in result.stderr
    assert kctui("sql", "select 1", env=env).stderr == ""  # repaired for good


def test_a_planted_fallback_cache_is_not_used(tmp_path: Path) -> None:
    # The shared temporary directory's fallback folder must be ours and private.
    planted = tmp_path / "tmp" / f"kctui-{os.getuid()}"
    planted.mkdir(parents=True)
    planted.chmod(0o777)
    env = {
        "TMPDIR": str(tmp_path / "tmp"),
        "KCTUI_CACHE_DIR": "/proc/kctui-cannot-write-here",
    }
    result = kctui("sql", "select 1", env=env)
    one_line(result, "cannot build the database")
    assert list(planted.iterdir()) == []


# --- settings that would reach the network --------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "INSTALL httpfs FROM core",
        "FORCE INSTALL httpfs",
        "LOAD httpfs",
        "SET custom_extension_repository = 'http://example.com'",
        "SET autoinstall_known_extensions = true",
        "SET allow_community_extensions = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SELECT * FROM read_csv('https://example.com/x.csv')",
    ],
)
def test_nothing_reaches_the_network(db: Path, sql: str) -> None:
    started = time.monotonic()
    one_line(kctui("sql", sql, "--db", str(db)))
    # Refused by kctui or DuckDB's locked settings, not after a download's timeout
    # (generous: the bound is for a hang, not for speed).
    assert time.monotonic() - started < 60


# --- output: closed, full, interrupted -----------------------------------------------


def test_a_closed_pipe_ends_quietly(db: Path) -> None:
    for fmt in ("table", "csv", "json"):
        proc = subprocess.Popen(
            [*KCTUI, "sql", "select * from range(5000000)", "--db", str(db), "--format", fmt],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(10)
        proc.stdout.close()  # as `| head -c 10` does
        assert proc.wait(60) == 0
        assert proc.stderr.read() == b""


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_full_disk_is_one_line(db: Path, fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [*KCTUI, "sql", "select * from range(100000)", "--db", str(db), "--format", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    one_line(result, "No space left on device")


def test_a_closed_stdout_is_one_line(db: Path) -> None:
    result = subprocess.run(
        [*KCTUI, "sql", "select 1", "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    one_line(result, "stdout is closed")


def _wait_for_duckdb(proc: subprocess.Popen[str]) -> None:
    """Until the process runs DuckDB (its worker threads exist): from then on kctui
    handles Ctrl-C itself, whenever it arrives."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        threads = int(
            next(ln for ln in status.splitlines() if ln.startswith("Threads:")).split()[1]
        )
        if threads > 1:
            return
        time.sleep(0.02)
    raise AssertionError("DuckDB never started")


def test_ctrl_c_during_a_query(db: Path) -> None:
    proc = subprocess.Popen(
        [*KCTUI, "sql", NEVER_ENDS, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    _wait_for_duckdb(proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip() == "kctui: interrupted"


BLOCKED_BUILD = """
import os, sys
import kctui.build.write as write
never, _ = os.pipe()
def blocked(*args, **kwargs):  # the build, its temporary file open, waits here
    print("assembling", flush=True)
    os.read(never, 1)  # nothing is ever written: only Ctrl-C ends it
write._assemble = blocked
from kctui.cli import entry
entry()
"""
"""``kctui build`` run as the CLI runs it, stopped where it writes the database: a
state the test waits for, not a time (a FIFO for a CSV is now refused, not read)."""


def test_ctrl_c_during_a_build(tmp_path: Path) -> None:
    out = tmp_path / "x.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", BLOCKED_BUILD, "build", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "assembling"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip() == "kctui: interrupted"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # its temporary file removed too


def test_ctrl_c_during_a_csv_stream_to_a_file(db: Path, tmp_path: Path) -> None:
    """DuckDB, interrupted in a COPY to a pipe, could wait forever for its writers: kctui
    must still stop (at most its grace period later) with the one line and 130."""
    out = tmp_path / "rows.csv"
    endless = "SELECT * FROM range(9223372036854775807)"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [*KCTUI, "sql", endless, "--format", "csv", "--db", str(db)],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 60
            while out.stat().st_size < 1_000_000:  # rows are streaming
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert err.strip() == "kctui: interrupted"


# --- builds that fail leave things as they were ---------------------------------------


def test_a_build_on_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "kc.duckdb"
    build(ROOT / "data", out)
    before = sha(out)

    def small_disk() -> None:  # writes past 300 kB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    result = subprocess.run(
        [*KCTUI, "build", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=small_disk,
    )
    one_line(result, "nothing was replaced")
    assert sha(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kc.duckdb", "kc.duckdb.kctui-seal"]
    assert kctui("sql", "select count(*) from facts", "--db", str(out)).returncode == 0


def test_build_out_never_replaces_what_is_not_ours(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("mine")
    one_line(kctui("build", "--out", str(text)), "not a kctui database")
    assert text.read_text() == "mine"
    link = tmp_path / "link.duckdb"
    link.symlink_to(text)
    one_line(kctui("build", "--out", str(link)), "symbolic link")
    assert text.read_text() == "mine" and link.is_symlink()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    one_line(kctui("build", "--out", str(fifo)), "not a regular file")
    one_line(kctui("build", "--out", "/dev/null"), "not a regular file")
    one_line(kctui("build", "--out", str(tmp_path)), "folder")
    # --force replaces a regular file, and only that.
    assert kctui("build", "--out", str(text), "--force").returncode == 0
    assert kctui("sql", "select 1", "--db", str(text)).returncode == 0


# --- the reader is strict -------------------------------------------------------------


def _facts_with(data: Path, tail: bytes, head: bytes = b"") -> None:
    path = data / "facts.csv"
    path.write_bytes(head + path.read_bytes() + tail)


def test_a_malformed_quoted_field_is_an_error(data_copy: Path) -> None:
    _facts_with(data_copy, b'f9999,KC,revenue,2022Q1,1,CNY,reported,1,,e001-01,"note"junk\n')
    problems = validate(data_copy).problems
    assert any("malformed CSV" in p.message for p in problems)


def test_a_byte_order_mark_is_accepted(data_copy: Path) -> None:
    _facts_with(data_copy, b"", head=b"\xef\xbb\xbf")
    assert validate(data_copy).problems == []


def test_a_bad_byte_is_reported_at_its_line(data_copy: Path) -> None:
    lines = (data_copy / "facts.csv").read_bytes().count(b"\n")
    _facts_with(data_copy, b"f9999,KC,revenue,2022Q1,1,CNY,reported,1,,e001-01,\xff\n")
    (problem,) = validate(data_copy).problems
    assert problem.line == lines + 1 and "not UTF-8" in problem.message


def test_a_huge_field_is_bounded_and_the_rest_still_read(data_copy: Path) -> None:
    big = b"x" * 200_000
    _facts_with(data_copy, b"f9998,KC,revenue,2022Q1,1,CNY,reported,1,,e001-01," + big + b"\n")
    _facts_with(data_copy, b"f9999,KC,revenue,2022Q1,1,CNY,nonsense,1,,e001-01,\n")
    messages = [p.message for p in validate(data_copy).problems]
    assert any("at most" in m for m in messages)
    assert any("unknown qualifier" in m for m in messages)  # the row after it was read


# --- many small ways to be careless ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["sql", ""], "empty query"),
        (["sql", "   ;  ;"], "no statement"),
        (["sql", "select 1", "--db", ""], "empty database path"),
        (["sql", "select 1", "--db", "/dev/null"], "not a regular file"),
        (["sql", "select 1", "--db", "/"], "directory"),
        (["sql", "select 1", "--db", "/nonexistent/kc.duckdb"], "not found"),
        (["sql", "select 1", "--db", "/" + "x" * 5000], "cannot examine"),
        (["build", "--out", ""], "needs a file name"),
        (["build", "--data", "/nonexistent"], "not found"),
        (["sql", "detach kc; select 1"], "stays attached"),
        (["sql", "select error(chr(27) || ']0;pwned' || chr(7))"], "␛]0;pwned␇"),
        (["sql", 'select 1 as "\x1b[31mred"; select nosuch'], "nosuch"),
    ],
)
def test_careless_arguments(db: Path, args: list[str], fragment: str) -> None:
    if args[0] == "sql" and "--db" not in args:
        args = [*args, "--db", str(db)]
    one_line(kctui(*args), fragment)


def test_the_explorer_without_a_terminal(db: Path) -> None:
    result = subprocess.run(
        [*KCTUI, "--db", str(db)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    one_line(result, "needs a terminal")


def test_json_is_strict_and_keeps_every_column(db: Path) -> None:
    sql = (
        "select 1 a, 2 a, 'nan'::double n, 'inf'::double i, ['nan'::double, 1.5] l, "
        "'x\\x01'::blob b, interval 1 day iv, 'infinity'::timestamp t, null z, "
        "{'k': 'v'} s, chr(27) || '[31m' e"
    )
    out = kctui("sql", sql, "--db", str(db), "--format", "json")
    assert out.returncode == 0, out.stderr
    (row,) = json.loads(out.stdout)  # strict: NaN would not parse with parse_constant
    assert list(row) == ["a", "a_1", "n", "i", "l", "b", "iv", "t", "z", "s", "e"]
    assert row["n"] is None and row["i"] is None and row["l"] == [None, 1.5]
    assert row["b"] == "x\\x01" and row["iv"] == "1 day" and row["t"] == "infinity"
    assert row["e"] == "\x1b[31m"  # a pipe gets the exact text
    json.loads(out.stdout, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))


def test_csv_to_a_pipe_keeps_the_exact_bytes(db: Path) -> None:
    sql = "select chr(27) || '[31m' AS e, 'a,\"b\"' AS q, 'two\nlines' AS m, null AS z"
    out = kctui("sql", sql, "--db", str(db), "--format", "csv")
    assert out.stdout == 'e,q,m,z\n\x1b[31m,"a,""b""","two\nlines",\n'


def test_the_table_aligns_cjk_combining_marks_and_emoji(db: Path) -> None:
    sql = (
        "select * from (values ('光大证券', 1), ('e\u0301te\u0301', 22), ('👍 ok', 333)) t(name, n)"
    )
    lines = kctui("sql", sql, "--db", str(db)).stdout.splitlines()
    from kctui.core.text import cell_width

    bars = {cell_width(line.split("│")[0]) for line in lines[2:5]}
    assert len(bars) == 1  # every row's first column ends at the same cell


# --- properties: random SQL, random rows ----------------------------------------------

SQL_PIECES = st.sampled_from(
    [
        "select",
        "from",
        "facts",
        "kc.facts",
        "where",
        "1",
        "'[/]'",
        "'\x1b]0;x\x07'",
        "delete",
        "update kc.facts set value = 0",
        "drop table kc.sources",
        "attach",
        "detach kc",
        "install httpfs",
        "copy",
        "to",
        "'/tmp/x'",
        ";",
        "(",
        ")",
        "*",
        "\u202e",
        "中文",
        "\x9b31m",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(SQL_PIECES, min_size=1, max_size=8), st.sampled_from(["table", "csv", "json"]))
def test_random_sql_never_tracebacks_nor_changes_the_file(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, pieces: list[str], fmt: str
) -> None:
    from kctui.cli import main

    before = sha(db_path)
    sql = " ".join(pieces)
    # In a folder of its own: "attach ‮" creates a database file where it runs.
    with contextlib.chdir(tmp_path_factory.mktemp("cwd")):
        status = main(["sql", sql, "--db", str(db_path), "--format", fmt])  # raises on a bug
    assert status in (0, 1)
    assert sha(db_path) == before


ROW_BYTES = st.binary(max_size=120) | st.text(
    alphabet=st.sampled_from(list('f0,KC"\n\r;x\ufeff中\x00')), max_size=80
).map(lambda t: t.encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(ROW_BYTES)
def test_random_rows_are_problems_with_a_line_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, row: bytes
) -> None:
    data = tmp_path_factory.mktemp("data")
    for csv_file in (ROOT / "data").glob("*.csv"):
        shutil.copy(csv_file, data)
    _facts_with(data, row)
    result = validate(data)
    for problem in result.problems:
        assert problem.line >= 1 and problem.file.endswith(".csv")
        assert "\n" not in str(problem)
