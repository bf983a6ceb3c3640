"""Dashboard budgets: launch → painted with data, and a panel focus switch.

    python bench/bench_dashboard.py [--runs N] [--switches N]

Prints medians and ratios, asserts nothing.

* Launch: each run is a fresh process at 120x40 (headless), started as the ``kctui``
  command starts it (``kctui.cli.explore.open_app``), that exits as soon as a frame with the
  dashboard's data has been written; timed from the parent, interleaved with a bare
  Textual + DuckDB app (one Static, one query of ``quarterly_results`` in a thread
  worker, exit once a frame with its result is written) on the same database.
  Budget: ≤ 1.2x the bare app.
* Focus switch: in one headless app at 120x40, a key of ``1``-``4`` → the first frame
  written out with that panel focused and its border lit. Budget:
  ≤ 50 ms median. Also printed: until the last repaint the key causes (the footer's
  keys and the Sources panel's linked quotes follow in later frames).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, median, row

sys.path.insert(0, str(ROOT))


# --- the two apps launched by the parent ----------------------------------------------


def _exit_once_painted(app: Any, ready: Any) -> None:
    """Right after the first frame written while ``ready()`` holds, tell the parent
    (a line on stdout with the process's CPU seconds so far) and exit.

    Both apps are measured this way: until a frame with the data has gone out. The
    parent stops its clock on that line, so tearing the process down is not counted.
    """
    display = app._display
    done: list[bool] = []

    def painted(*args: object, **kwargs: object) -> None:
        display(*args, **kwargs)
        if ready() and not done:
            done.append(True)
            usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread
            # Past Textual's capture of print(): straight to the pipe.
            os.write(1, f"painted {usage.ru_utime + usage.ru_stime}\n".encode())
            app.exit(0)

    app._display = painted


def child_dashboard(db: str) -> None:
    """kctui as the ``kctui`` command starts it; exits once painted with the data."""
    from kctui.cli.explore import open_app

    app = open_app(db)  # DuckDB loads on a thread while Textual is imported, as in the CLI
    # The screen sets ``data`` and fills every panel in one step, so a frame written
    # after that shows the data.
    _exit_once_painted(app, lambda: getattr(app.screen, "data", None) is not None)
    app.run(headless=True, size=(120, 40))
    if app.return_code != 0:
        raise SystemExit("the dashboard never showed its data")


def child_bare(db: str) -> None:
    """A bare Textual + DuckDB app: one query in a thread worker, shown in a Static."""
    import duckdb
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        shown = False

        def compose(self) -> ComposeResult:
            yield Static("loading", id="out")

        def on_mount(self) -> None:
            self.run_worker(self.load, thread=True)

        def load(self) -> None:
            con = duckdb.connect(db, read_only=True)
            rows = con.execute("SELECT * FROM quarterly_results").fetchall()
            con.close()
            self.call_from_thread(self.show, rows)

        def show(self, rows: list[tuple[object, ...]]) -> None:
            self.query_one(Static).update(f"{len(rows)} quarters")
            self.shown = True

    app = Bare()
    _exit_once_painted(app, lambda: app.shown)
    app.run(headless=True, size=(120, 40))
    if app.return_code != 0:
        raise SystemExit("the bare app failed")


# --- focus switch, in process -------------------------------------------------------------


async def focus_switches(db: str, switches: int) -> tuple[list[float], list[float]]:
    """Per panel key: seconds to the first screen update with that panel focused, and
    to the last update of the burst it causes (footer keys, linked quotes)."""
    from textual.color import Color

    from kctui.ui import create_app
    from kctui.ui.dashboard.panel import Panel
    from kctui.ui.dashboard.screen import DashboardScreen

    app = create_app(db)
    paints: list[float] = []
    shown: list[float] = []
    target: list[Panel] = []
    display = app._display

    def timed_display(*args: object, **kwargs: object) -> None:
        display(*args, **kwargs)  # type: ignore[arg-type]
        now = time.perf_counter()
        paints.append(now)
        # The switch is on screen once a frame has gone out with the focus in the
        # target panel and its border lit.
        if target and not shown:
            panel = target[0]
            lit = Color.parse(app.theme_variables["border"])
            if panel.has_focus_within and panel.styles.border_top[1] == lit:
                shown.append(now)

    app._display = timed_display  # type: ignore[method-assign]
    first: list[float] = []
    settled: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(400):
            await pilot.pause()
            if isinstance(app.screen, DashboardScreen) and app.screen.data is not None:
                break
        await pilot.pause(0.5)
        keys = ["2", "3", "4", "1"]
        for i in range(switches):
            key = keys[i % len(keys)]
            paints.clear()
            shown.clear()
            target[:] = [p for p in app.screen.query(Panel) if key == p.PANEL_KEY]
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause(0.4)  # the burst of follow-up paints is over well before
            assert shown, f"no frame showed the switch to panel {key}"
            first.append(shown[0] - start)
            settled.append(paints[-1] - start)
    return first, settled


def launch(argv: list[str]) -> tuple[float, float]:
    """Wall-clock seconds from spawning ``argv`` to its "painted" line, and the CPU
    (user + system) seconds the child had used by then."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    line = child.stdout.readline()
    wall = time.perf_counter() - start
    _, err = child.communicate()
    if child.returncode != 0 or not line.startswith(b"painted "):
        raise SystemExit(f"{argv[-3]} child failed: {err.decode(errors='replace')[-2000:]}")
    return wall, float(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--switches", type=int, default=40)
    parser.add_argument("--child", choices=("dashboard", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "dashboard":
        child_dashboard(args.db)
        return
    if args.child == "bare":
        child_bare(args.db)
        return

    from kctui.build import build

    with tempfile.TemporaryDirectory(prefix="kctui-bench-") as tmp:
        db = str(Path(tmp) / "kc.duckdb")
        build(ROOT / "data", Path(db))
        me = [sys.executable, str(Path(__file__).resolve())]
        commands = {
            "bare": [*me, "--child", "bare", "--db", db],
            "dashboard": [*me, "--child", "dashboard", "--db", db],
        }
        for argv in commands.values():  # warm-up: the first launch pays for cold caches
            launch(argv)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # alternately, so load on the machine hits both alike
            for name, argv in commands.items():
                w, c = launch(argv)
                wall[name].append(w)
                cpu[name].append(c)
        switches, settled = asyncio.run(focus_switches(db, args.switches))

    bare, dash = median(wall["bare"]), median(wall["dashboard"])
    bare_cpu, dash_cpu = median(cpu["bare"]), median(cpu["dashboard"])
    ratio = dash / bare
    switch = median(switches)
    print(f"launch: {args.runs} runs each, alternating; focus switch: {len(switches)} keys")
    print(
        row(
            "bare Textual + DuckDB app, painted with data (baseline)",
            f"{bare * 1000:.0f} ms",
            "-",
            None,
        )
    )
    print(row("kctui dashboard at 120x40, painted with data", f"{dash * 1000:.0f} ms", "-", None))
    print(row("  ratio (wall clock, medians)", f"{ratio:.2f}x", "≤ 1.2x", ratio <= 1.2))
    print(
        row(
            "  ratio of CPU time (less sensitive to a busy machine)",
            f"{dash_cpu / bare_cpu:.2f}x",
            "-",
            None,
        )
    )
    print(
        row(
            "panel focus switch, key → repainted (median)",
            f"{switch * 1000:.1f} ms",
            "≤ 50 ms",
            switch <= 0.050,
        )
    )
    print(row("panel focus switch (worst)", f"{max(switches) * 1000:.1f} ms", "-", None))
    print(
        row(
            "  ... until the footer and linked quotes are drawn (median)",
            f"{median(settled) * 1000:.1f} ms",
            "-",
            None,
        )
    )


if __name__ == "__main__":
    main()
