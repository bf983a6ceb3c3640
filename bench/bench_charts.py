"""The analyst's tools at scale: the coverage grid, a detail chart and the compare list.

    python bench/bench_charts.py [--runs N] [--factors 1,1000] [--db1000 FILE]

For each factor, a fresh process opens the app headless at 120x40 (as the ``kctui``
command starts it) and, once the dashboard shows its data, times from the key reaching
the app until what it asks for is on screen and nothing has been repainted for 50 ms:

- ``g``: the coverage grid, counted and filled (every metric x period of KC);
- ``enter`` on the grid's first figure: its detail view, with the chart drawn;
- ``c`` in that detail view: the list of series to compare with.

Each 1000x figure is printed as a ratio to the 1x one taken in the same run (the
design's budget for a key at 1000x the data: within 1.5x). ``--db1000`` reuses a
database already built from ``synthetic.py --factor 1000`` (building one takes a minute
or two). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, kctui_command, median, ms, row, scale_rows, time_command

SIZE = (120, 40)
QUIET = 0.05
KEYS = (
    ("coverage_s", "coverage grid (g → grid filled)"),
    ("detail_s", "detail chart from the grid (enter → chart drawn)"),
    ("compare_s", "compare list (c → series offered)"),
)


async def _child(db: str, samples: int) -> None:
    """Open the app on ``db``; print one JSON line of timings per key."""
    from kctui.cli.explore import open_app

    app = open_app(db)
    paints: list[float] = []
    display = app._display

    def counted(*args: Any, **kwargs: Any) -> None:
        display(*args, **kwargs)
        paints.append(time.perf_counter())

    app._display = counted  # type: ignore[method-assign]
    from textual import events

    from kctui.ui.coverage.screen import CoverageScreen
    from kctui.ui.dashboard.screen import DashboardScreen
    from kctui.ui.detail.chart import DetailChart
    from kctui.ui.detail.compare import CompareScreen
    from kctui.ui.detail.screen import DetailScreen

    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, DashboardScreen) and app.screen.data is not None):
            await asyncio.sleep(0.01)
        await pilot.pause()

        async def latency(key: str, ready: Callable[[], bool]) -> float:
            """Key reaching the app → its result on screen and no repaint for QUIET s."""
            await pilot.pause()
            event = events.Key(key, None)
            event.set_sender(app)
            paints.clear()
            start = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            while True:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                if ready() and paints and now - paints[-1] >= QUIET:
                    return paints[-1] - start
                if now - start > 120:
                    return float("nan")

        def grid_filled() -> bool:
            screen = app.screen
            return isinstance(screen, CoverageScreen) and screen.coverage is not None

        def chart_drawn() -> bool:
            screen = app.screen
            charts = screen.query(DetailChart) if isinstance(screen, DetailScreen) else ()
            return any(chart.plotted for chart in charts)  # none until it is composed

        def offered() -> bool:
            return isinstance(app.screen, CompareScreen)

        timings: dict[str, list[float]] = {name: [] for name, _ in KEYS}
        for _ in range(samples):
            timings["coverage_s"].append(await latency("g", grid_filled))
            timings["detail_s"].append(await latency("enter", chart_drawn))
            timings["compare_s"].append(await latency("c", offered))
            for _ in range(3):  # the list, the detail, the grid
                await pilot.press("escape")
                await pilot.pause()
        print(json.dumps(timings), flush=True)


def run_child(db: Path, samples: int) -> dict[str, list[float]]:
    env = {**os.environ, "TEXTUAL": "", "KCTUI_USER_DATA_DIR": str(db.parent / "userdata")}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), "--samples", str(samples)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=1800,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    return json.loads(line)  # type: ignore[no-any-return]


def measure(
    runs: int = 3, factors: tuple[int, ...] = (1, 1000), db1000: Path | None = None
) -> list[tuple[str, str, str, bool | None]]:
    """Each key's median at each factor, and its ratio to 1x, as report rows."""
    rows: list[tuple[str, str, str, bool | None]] = []
    with tempfile.TemporaryDirectory(prefix="kctui-charts-") as tmpdir:
        tmp = Path(tmpdir)
        dbs: dict[int, Path] = {}
        for factor in factors:
            if factor == 1000 and db1000 is not None:
                dbs[factor] = db1000
                continue
            data = ROOT / "data"
            if factor != 1:
                data = tmp / f"data{factor}"
                time_command(
                    [
                        sys.executable,
                        str(ROOT / "bench" / "synthetic.py"),
                        "--factor",
                        str(factor),
                        "--out",
                        str(data),
                    ],
                    1,
                )
            db = tmp / f"kc{factor}.duckdb"
            time_command([*kctui_command(), "build", "--data", str(data), "--out", str(db)], 1)
            dbs[factor] = db
        # Alternate the factors, so drift in machine load hits them alike.
        got: dict[int, dict[str, list[float]]] = {f: {} for f in factors}
        for _ in range(runs):
            for factor in factors:
                for name, values in run_child(dbs[factor], 3).items():
                    got[factor].setdefault(name, []).extend(values)
    for name, label in KEYS:
        base = median(got[factors[0]][name])
        rows.append((f"{label}, {factors[0]}x", ms(base), "-", None))
        medians = {factor: median(got[factor][name]) for factor in factors}
        rows += scale_rows(label, base, factors[0], medians)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processes per factor")
    parser.add_argument("--factors", default="1,1000", help="comma-separated scale factors")
    parser.add_argument("--db1000", type=Path, help="a 1000x database already built")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--samples", type=int, default=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.child, args.samples))
        return
    factors = tuple(int(f) for f in args.factors.split(",") if f.strip())
    for what, measured, budget, ok in measure(args.runs, factors, args.db1000):
        print(row(what, measured, budget, ok))


if __name__ == "__main__":
    main()
