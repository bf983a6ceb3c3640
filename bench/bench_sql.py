"""`kctui sql` streaming and the integrity check, against DuckDB itself in the same run.

    python bench/bench_sql.py [--runs N] [--rows N]

1. ``kctui sql "select * from range(N)" --format csv`` written to /dev/null, beside
   DuckDB's own ``COPY (SELECT ...) TO '/dev/stdout' (FORMAT csv)`` from Python,
   alternately: the throughput ratio (budget >= 0.5x of DuckDB's), kctui's peak RSS
   (budget <= 150 MB) and its time to the first byte on a pipe (budget <= 0.3 s, from
   the process start). The table format is timed too, for reference.
2. The integrity check an open makes: the sealed path (a ``stat`` and a small read, the
   one every launch takes; budget <= 10 ms at 1x and at 1000x) and the full content
   digest (what runs once after a file changes), at 1x and 1000x the curated facts
   (bench/synthetic.py).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from common import ROOT, kctui_command, median, row  # noqa: E402

DUCKDB_COPY = (
    "import duckdb, sys; con = duckdb.connect(); "
    "con.execute(f\"COPY (SELECT * FROM range({sys.argv[1]})) TO '/dev/stdout' (FORMAT csv, HEADER)\")"
)


def _run_to_devnull(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run with stdout on /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run(argv, stdout=null, check=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def _peak_rss(argv: list[str]) -> int:
    """Peak RSS (KiB) of one run, read from the child itself (wait4)."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null)
        _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss


def _first_byte(argv: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    proc.stdout.read(1)
    elapsed = time.perf_counter() - started
    proc.kill()
    proc.wait()
    return elapsed


def streaming(runs: int, rows: int, db: Path) -> list[tuple[str, str, str, bool | None]]:
    kctui = kctui_command()
    query = f"select * from range({rows})"
    ours = [*kctui, "sql", query, "--db", str(db), "--format", "csv"]
    table = [*kctui, "sql", query, "--db", str(db)]
    theirs = [sys.executable, "-c", DUCKDB_COPY, str(rows)]
    times: dict[str, list[float]] = {"kctui": [], "duckdb": [], "table": []}
    for _ in range(runs):
        times["kctui"].append(_run_to_devnull(ours)[0])
        times["duckdb"].append(_run_to_devnull(theirs)[0])
    times["table"].append(_run_to_devnull(table)[0])
    rss = _peak_rss(ours) / 1024
    rss_table = _peak_rss(table) / 1024
    first = median([_first_byte(ours) for _ in range(runs)])
    ratio = median(times["duckdb"]) / median(times["kctui"])
    mrows = rows / 1e6
    return [
        (
            f"DuckDB COPY TO /dev/stdout, {mrows:g}M rows CSV (baseline)",
            f"{median(times['duckdb']):.2f} s",
            "-",
            None,
        ),
        (
            f"kctui sql --format csv, {mrows:g}M rows to /dev/null",
            f"{median(times['kctui']):.2f} s",
            "-",
            None,
        ),
        ("  throughput ratio kctui / DuckDB", f"{ratio:.2f}x", "≥ 0.5x", ratio >= 0.5),
        ("  peak RSS of kctui sql (csv)", f"{rss:.0f} MB", "≤ 150 MB", rss <= 150),
        (
            "  time to first byte (csv, on a pipe)",
            f"{first * 1000:.0f} ms",
            "≤ 300 ms",
            first <= 0.3,
        ),
        (
            f"kctui sql table format, {mrows:g}M rows (reference)",
            f"{times['table'][0]:.2f} s, {rss_table:.0f} MB",
            "-",
            None,
        ),
    ]


def _integrity_costs(db: Path, runs: int) -> tuple[float, float]:
    """Median seconds of the sealed check and of the full digest, in-process."""
    import duckdb

    from kctui.core import integrity
    from kctui.core.db import CATALOG, Database

    Database(db).close()  # seals it
    sealed = []
    for _ in range(runs * 20):
        started = time.perf_counter()
        assert integrity.sealed(db)
        sealed.append(time.perf_counter() - started)
    con = duckdb.connect()
    con.execute(f"ATTACH '{db}' AS {CATALOG} (READ_ONLY)")
    full = []
    for _ in range(runs):
        started = time.perf_counter()
        integrity.content_digest(con, CATALOG)
        full.append(time.perf_counter() - started)
    con.close()
    return median(sealed), median(full)


def integrity_rows(runs: int, tmp: Path) -> list[tuple[str, str, str, bool | None]]:
    sys.path.insert(0, str(ROOT))
    from kctui.build import build

    out: list[tuple[str, str, str, bool | None]] = []
    data_1000 = tmp / "data-1000x"
    subprocess.run(
        [sys.executable, str(BENCH / "synthetic.py"), "--factor", "1000", "--out", str(data_1000)],
        check=True,
        capture_output=True,
    )
    for label, data in (("1x", ROOT / "data"), ("1000x", data_1000)):
        db = tmp / f"kc-{label}.duckdb"
        build(data, db)
        sealed, full = _integrity_costs(db, runs)
        out.append(
            (
                f"integrity check at launch (sealed), {label}",
                f"{sealed * 1000:.2f} ms",
                "≤ 10 ms",
                sealed <= 0.010,
            )
        )
        out.append(
            (f"  full content digest (after a change), {label}", f"{full * 1000:.0f} ms", "-", None)
        )
    return out


def measure(runs: int, rows: int = 10_000_000) -> list[tuple[str, str, str, bool | None]]:
    sys.path.insert(0, str(ROOT))
    from kctui.build import build

    with tempfile.TemporaryDirectory(prefix="kctui-bench-") as tmp:
        db = Path(tmp) / "kc.duckdb"
        build(ROOT / "data", db)
        return streaming(runs, rows, db) + integrity_rows(runs, Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    for what, measured, budget, ok in measure(args.runs, args.rows):
        print(row(what, measured, budget, ok))


if __name__ == "__main__":
    main()
