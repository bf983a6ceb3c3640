"""Foundation budgets: `kctui build` time and `kctui sql 'select 1'` against importing DuckDB.

    python bench/bench_foundation.py [--runs N]

Prints each median with its budget; the sql figure is a ratio to
`python -c 'import duckdb'` measured alternately in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import interleaved, kctui_command, median, row, time_command


def measure(runs: int) -> list[tuple[str, str, str, bool]]:
    kctui = kctui_command()
    with tempfile.TemporaryDirectory(prefix="kctui-bench-") as tmp:
        db = Path(tmp) / "kc.duckdb"
        build = time_command([*kctui, "build", "--out", str(db)], runs)
        cache_env = {"KCTUI_CACHE_DIR": str(Path(tmp) / "cache")}
        time_command([*kctui, "sql", "select 1"], 1, env=cache_env)  # warm: build the default db
        times = interleaved(
            {
                "import duckdb": [sys.executable, "-c", "import duckdb"],
                "kctui sql": [*kctui, "sql", "select 1", "--db", str(db)],
                "kctui sql (default db)": [*kctui, "sql", "select 1"],
            },
            runs,
            env=cache_env,
        )
    base = median(times["import duckdb"])
    sql = median(times["kctui sql"])
    default = median(times["kctui sql (default db)"])
    return [
        (
            "kctui build (whole command)",
            f"{median(build) * 1000:.0f} ms",
            "≤ 1000 ms",
            median(build) <= 1.0,
        ),
        ("python -c 'import duckdb' (baseline)", f"{base * 1000:.0f} ms", "-", None),
        (
            "kctui sql 'select 1' --db FILE",
            f"{sql / base:.2f}x ({sql * 1000:.0f} ms)",
            "≤ 1.5x",
            sql / base <= 1.5,
        ),
        (
            "kctui sql 'select 1' (default db, cache warm)",
            f"{default / base:.2f}x ({default * 1000:.0f} ms)",
            "≤ 1.5x",
            default / base <= 1.5,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for what, measured, budget, ok in measure(args.runs):
        print(row(what, measured, budget, ok))


if __name__ == "__main__":
    main()
