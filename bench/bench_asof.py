"""As known on: a step of ``[`` / ``]`` on the dashboard (key → repainted) at 1x and 1000x.

    python bench/bench_asof.py [--runs N] [--factors 1,1000] [--timeout S] [--quick]

For each factor (the 1000x data from ``bench/synthetic.py``, built once), a fresh
process opens the app headless at 120x40 as the ``kctui`` command does, waits for the
dashboard's data, steps back once, then alternates ``[`` and ``]`` between the two
source dates before today's, timing each key from reaching the app to the last repaint
it causes (the panels showing that day's data, then nothing repainted for 50 ms):

- *loaded ahead*: the usual step. Once a day is shown, the days a step would go to are
  loaded on a thread (kctui.core.asof.DashboardLoader); the bench waits for that
  before the key, so the step is the panels rebuilt from data already there.
- *loaded on the key*: the first step of a session, or one made faster than the
  loading ahead: the bench drops what was loaded before the key, so the step runs the
  day's queries and assembles the dashboard first.
- the title bar's first repaint (the new date shown) of every key;
- and, for reference, ``u`` (the money scale: every panel rebuilt, as a step rebuilds
  them) in the same process.

Each 1000x figure is printed as a ratio to the 1x one measured in the same run (budget:
≤ 1.5x; and ≤ 50 ms median at 1x). Nothing is asserted.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, kctui_command, median, ms, row, scale_rows, time_command

BUDGET_MS = 50.0
SIZE = (120, 40)
QUIET = 0.05
SAMPLES = 8
Row = tuple[str, str, str, bool | None]


# --- the child: one app, its steps ---------------------------------------------------------


async def _child(db: str, samples: int) -> None:
    from kctui.cli.explore import open_app

    app = open_app(db)
    from textual import events

    shown = asyncio.Event()
    paints: list[float] = []
    display = app._display

    def counted(*args: Any, **kwargs: Any) -> None:
        display(*args, **kwargs)
        paints.append(time.perf_counter())
        if getattr(app.screen, "data", None) is not None:
            shown.set()

    app._display = counted  # type: ignore[method-assign]

    async with app.run_test(size=SIZE) as pilot:
        await shown.wait()
        await pilot.pause()
        screen = app.screen
        view = screen.as_of_view()  # type: ignore[attr-defined]
        loader = view.state.loader

        async def step(key: str) -> tuple[float, float]:
            """Key reaching the app → first repaint, and → last repaint once the panels
            show the day the key went to."""
            await pilot.pause()
            before = view.state.position
            event = events.Key(key, None)
            event.set_sender(app)
            paints.clear()
            start = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            quiet_from = polled = start
            while True:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                if now - polled > 0.025:
                    quiet_from = now  # the loop was held: the quiet period starts again
                polled = now
                arrived = view.state.position != before and view.shown == view.state.step
                if paints:
                    quiet_from = max(quiet_from, paints[-1])
                    if arrived and now - quiet_from >= QUIET:
                        return paints[0] - start, paints[-1] - start
                if now - start > 600:
                    raise TimeoutError(key)

        async def settled() -> None:
            while loader.loading():
                await asyncio.sleep(0.01)

        async def scale() -> float:
            """``u`` (every panel rebuilt, as a step rebuilds them): the reference."""
            await pilot.pause()
            event = events.Key("u", None)
            event.set_sender(app)
            paints.clear()
            start = quiet_from = polled = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            while True:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                if now - polled > 0.025:
                    quiet_from = now
                polled = now
                if paints:
                    quiet_from = max(quiet_from, paints[-1])
                    if now - quiet_from >= QUIET:
                        return paints[-1] - start

        reference = [await scale() for _ in range(4)]
        keys = ["left_square_bracket", "right_square_bracket"]
        first = await step("left_square_bracket")  # from today: loaded on the key
        cold: list[tuple[float, float]] = [first]
        warm: list[tuple[float, float]] = []
        for i in range(samples):
            await settled()
            warm.append(await step(keys[i % 2]))
        for i in range(samples - 1):
            await settled()
            loader.forget()
            cold.append(await step(keys[i % 2]))
        print(
            json.dumps(
                {
                    "warm_s": [last for _, last in warm],
                    "cold_s": [last for _, last in cold],
                    "first_paint_s": [f for f, _ in warm + cold],
                    "scale_s": reference,
                }
            ),
            flush=True,
        )


# --- the parent -----------------------------------------------------------------------------


def _run_child(db: Path, samples: int, timeout: float) -> dict[str, list[float]]:
    env = {**os.environ, "TEXTUAL": "", "KCTUI_USER_DATA_DIR": str(db.parent / "userdata")}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(db), "--samples", str(samples)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)  # type: ignore[no-any-return]
    raise RuntimeError(f"as-of child failed: {proc.stderr.strip()[-500:]}")


def databases(factors: tuple[int, ...], tmp: Path) -> dict[int, Path]:
    """A database per factor: the curated data at 1x, bench/synthetic.py's above."""
    kctui = kctui_command()
    out: dict[int, Path] = {}
    for factor in factors:
        data = ROOT / "data"
        if factor != 1:
            data = tmp / f"data{factor}"
            synthetic = [sys.executable, str(ROOT / "bench" / "synthetic.py")]
            time_command([*synthetic, "--factor", str(factor), "--out", str(data)], 1)
        db = tmp / f"kc{factor}.duckdb"
        time_command([*kctui, "build", "--data", str(data), "--out", str(db)], 1)
        out[factor] = db
    return out


def measure(
    runs: int = 3,
    factors: tuple[int, ...] = (1, 1000),
    timeout: float = 900.0,
    quick: bool = False,
) -> list[Row]:
    """The step figures as (what, measured, budget, ok) rows (see the module docstring)."""
    if 1 not in factors:
        factors = (1, *factors)
    samples = 4 if quick else SAMPLES
    runs = 1 if quick else runs
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kctui-asof-") as tmpdir:
        dbs = databases(factors, Path(tmpdir))
        found: dict[int, dict[str, list[float]]] = {f: {} for f in factors}
        for _ in range(runs):  # alternating factors: drift in load hits them alike
            for factor in factors:
                for name, values in _run_child(dbs[factor], samples, timeout).items():
                    found[factor].setdefault(name, []).extend(values)
    labels = (
        ("scale_s", "reference: u, every panel rebuilt (key → repainted)"),
        ("warm_s", "as-known-on step, day loaded ahead (key → repainted)"),
        ("cold_s", "as-known-on step, loaded on the key (key → repainted)"),
        ("first_paint_s", "as-known-on step, key → title bar shows the day"),
    )
    for name, label in labels:
        base = median(found[1][name])
        reference = name == "scale_s"
        rows.append(
            (
                f"{label}, 1x",
                ms(base),
                "-" if reference else f"≤ {BUDGET_MS:.0f} ms",
                None if reference else base * 1000 <= BUDGET_MS,
            )
        )
        medians = {factor: median(found[factor][name]) for factor in factors}
        rows += scale_rows(label, base, 1, medians)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="processes per factor")
    parser.add_argument("--factors", default="1,1000", help="comma-separated scale factors")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per process")
    parser.add_argument("--quick", action="store_true", help="one run of 4 steps each")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--samples", type=int, default=SAMPLES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.child, args.samples))
        return
    factors = tuple(int(f) for f in args.factors.split(",") if f.strip())
    for what, measured, budget, ok in measure(args.runs, factors, args.timeout, args.quick):
        print(row(what, measured, budget, ok))


if __name__ == "__main__":
    main()
