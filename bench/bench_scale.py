"""Scale: build, dashboard start-up and panel refresh at 1x, 100x and 1000x the curated data.

    python bench/bench_scale.py [--runs N] [--factors 1,100,1000] [--timeout S] [--quick]

The 100x and 1000x data directories come from ``bench/synthetic.py`` (the curated rows
plus synthetic competitors, peers, periods, sources and restatements). For each
factor, in one run:

- ``kctui build --data DIR --out FILE``: whole command, median of runs;
- dashboard start-up: a fresh process opens the app headless at 120x40, as the
  ``kctui`` command starts it (``kctui.cli.explore.open_app``), until a frame with the
  dashboard's data has been written, timed from spawning the process to reading its
  "shown" line;
- in that same process, once shown: the money-scale switch ``u`` (every panel
  rebuilds), the panel keys ``1``-``4`` and ``down`` in each panel, each from the key
  reaching the app to the last repaint it caused (no repaint for 50 ms after);
  medians over the samples of every run of that factor.

Each figure at scale is printed as a ratio to the 1x figure measured in the same run
(budget: within 1.5x). The build is reported against linear growth instead: it
validates and parses every row in Python, so ``FACTOR x`` rows cannot build in 1.5x
the time; the budget that matters there is the 1 s of the curated data
(bench_foundation). Nothing is asserted; the child's own timings of
``load_dashboard`` and each panel's first ``rebuild`` are printed to say where the
time goes.
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
from common import ROOT, kctui_command, median, row, time_command

BUDGET_RATIO = 1.5
SIZE = (120, 40)
QUIET = 0.05  # a key's work is done when nothing has been repainted for this long
Row = tuple[str, str, str, bool | None]


# --- the child: one app start-up, then key latencies --------------------------------------


async def _child(db: str) -> None:
    """Open the app on ``db``; print "shown" once the dashboard has data, then timings.

    Timings go out as JSON lines as soon as they are taken, so a parent that gives up
    (a 1000x key can take minutes) still gets the ones before.
    """
    from kctui.core import preload

    timings: dict[str, Any] = {}
    loader = preload.load_dashboard

    def timed_load(database: Any) -> Any:
        start = time.perf_counter()
        try:
            return loader(database)
        finally:
            timings["load_dashboard_s"] = time.perf_counter() - start

    preload.load_dashboard = timed_load  # looked up when the preload thread runs
    from kctui.cli.explore import open_app

    app = open_app(db)  # as the kctui command starts it

    from textual import events

    import kctui.ui.dashboard.screen  # noqa: F401  (defines the panels wrapped below)
    from kctui.ui.dashboard.panel import Panel

    for cls in Panel.__subclasses__():

        def wrap(rebuild: Any, name: str) -> Any:
            def timed(self: Any) -> None:
                start = time.perf_counter()
                rebuild(self)
                timings.setdefault(f"rebuild_{name}_s", time.perf_counter() - start)

            return timed

        cls.rebuild = wrap(cls.rebuild, cls.__name__)  # type: ignore[method-assign]

    shown = asyncio.Event()
    paints: list[float] = []
    display = app._display

    def counted(*args: Any, **kwargs: Any) -> None:
        display(*args, **kwargs)
        paints.append(time.perf_counter())
        # The screen sets ``data`` as it fills every panel: this frame shows the data.
        if getattr(app.screen, "data", None) is not None:
            shown.set()

    app._display = counted  # type: ignore[method-assign]

    def emit(**values: Any) -> None:
        print(json.dumps(values), flush=True)

    async with app.run_test(size=SIZE) as pilot:
        await shown.wait()
        print("shown", flush=True)
        emit(**timings)

        async def latency(key: str) -> tuple[float, float] | None:
            """Key reaching the app → first repaint, and → last repaint of its work.

            The work is over once the screen has not been repainted for QUIET seconds
            while this loop was free to notice: a poll that comes late means a handler
            held the event loop, and the quiet period starts again. ``None``: the key
            caused no repaint at all (a cursor already at the end).
            """
            await pilot.pause()
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
                    quiet_from = now
                polled = now
                if paints:
                    quiet_from = max(quiet_from, paints[-1])
                    if now - quiet_from >= QUIET:
                        return paints[0] - start, paints[-1] - start
                elif now - quiet_from > 2:
                    return None

        def enough(samples: list[tuple[float, float]], n: int) -> bool:
            # One sample over 5 s says all there is to say; do not wait for more.
            return len(samples) >= n or any(last > 5 for _, last in samples)

        samples: list[tuple[float, float]] = []
        while not enough(samples, 4):
            samples.append(await latency("u") or (0.0, 0.0))
        emit(scale_switch_s=[last for _, last in samples])
        focus: list[tuple[float, float]] = []
        cursor: list[tuple[float, float]] = []
        for key in ("2", "3", "4", "1") * 2:
            if enough(focus, 8) and enough(cursor, 16):
                break
            focus.append(await latency(key) or (0.0, 0.0))
            for _ in range(2):
                moved = await latency("down") or await latency("up")
                if moved is not None:
                    cursor.append(moved)
        emit(
            focus_switch_s=[first for first, _ in focus],
            focus_settled_s=[last for _, last in focus],
            cursor_down_s=[last for _, last in cursor],
        )


# --- the parent -----------------------------------------------------------------------------


def start_up(db: Path, timeout: float) -> tuple[float | None, dict[str, Any]]:
    """Seconds from spawning the app to its dashboard showing data, and the child's timings.

    ``None`` when the dashboard did not show within ``timeout`` seconds; the key
    latencies after it get another ``timeout``.
    """
    import selectors

    env = {**os.environ, "TEXTUAL": "", "KCTUI_USER_DATA_DIR": str(db.parent / "userdata")}
    shown: float | None = None
    timings: dict[str, Any] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(db)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        deadline = start + timeout
        try:
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while time.perf_counter() < deadline:
                    if not sel.select(timeout=max(0.0, deadline - time.perf_counter())):
                        continue
                    line = proc.stdout.readline()
                    if not line:
                        break
                    if line.strip() == "shown" and shown is None:
                        shown = time.perf_counter() - start
                        deadline = time.perf_counter() + timeout
                    elif line.startswith("{"):
                        timings.update(json.loads(line))
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if shown is None and proc.returncode not in (0, -9):
            errors.seek(0)
            raise RuntimeError(f"dashboard child failed: {errors.read().strip()[-500:]}")
    return shown, timings


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _ratio(value: float | None, base: float | None) -> str:
    if value is None:
        return "timed out"
    if not base:
        return _ms(value)
    return f"{value / base:.2f}x ({_ms(value)})"


def measure(
    runs: int = 3,
    factors: tuple[int, ...] = (1, 100, 1000),
    timeout: float = 600.0,
    large_runs: int = 1,
    verbose: bool = False,
) -> list[Row]:
    """Every scale figure as (what, measured, budget, ok) rows; see the module docstring.

    Factors above 100 are built and started ``large_runs`` times (a 1000x start-up
    can take minutes); the others ``runs`` times.
    """
    kctui = kctui_command()
    rows: list[Row] = []
    notes: list[str] = []
    if 1 not in factors:
        factors = (1, *factors)
    with tempfile.TemporaryDirectory(prefix="kctui-scale-") as tmpdir:
        tmp = Path(tmpdir)
        data: dict[int, Path] = {1: ROOT / "data"}
        for factor in factors:
            if factor == 1:
                continue
            out = tmp / f"data{factor}"
            gen = time_command(
                [
                    sys.executable,
                    str(ROOT / "bench" / "synthetic.py"),
                    "--factor",
                    str(factor),
                    "--out",
                    str(out),
                ],
                1,
            )[0]
            data[factor] = out
            rows.append((f"synthetic.py --factor {factor} (generate)", _ms(gen), "-", None))

        build: dict[int, float] = {}
        dbs: dict[int, Path] = {}
        for factor in factors:
            db = tmp / f"kc{factor}.duckdb"
            n = runs if factor <= 100 else large_runs
            argv = [*kctui, "build", "--data", str(data[factor]), "--out", str(db)]
            build[factor] = median(time_command(argv, max(1, n)))
            dbs[factor] = db
            if verbose:
                print(f"  built {factor}x in {_ms(build[factor])}", file=sys.stderr)
        for factor in factors:
            if factor == 1:
                rows.append(
                    (
                        "kctui build, 1x (the curated data)",
                        _ms(build[1]),
                        "≤ 1000 ms",
                        build[1] <= 1.0,
                    )
                )
            else:
                ratio = build[factor] / build[1]
                rows.append(
                    (
                        f"kctui build, {factor}x / 1x",
                        _ratio(build[factor], build[1]),
                        f"≤ {factor}x (linear)",
                        ratio <= factor,
                    )
                )

        # Start-ups, alternating factors so drift in machine load hits them all alike.
        shown: dict[int, list[float | None]] = {f: [] for f in factors}
        child: dict[int, dict[str, Any]] = {}
        for i in range(max(runs, large_runs)):
            for factor in factors:
                if i >= (runs if factor <= 100 else large_runs):
                    continue
                if shown[factor] and shown[factor][-1] is None:
                    continue  # timed out once: do not wait again
                seconds, timings = start_up(dbs[factor], timeout)
                shown[factor].append(seconds)
                # Key latencies from every run (one process gives only a few samples of
                # a noisy figure); the first-paint timings from the first.
                merged = child.setdefault(factor, {})
                for name, value in timings.items():
                    if isinstance(value, list):
                        merged.setdefault(name, []).extend(value)
                    else:
                        merged.setdefault(name, value)
                if verbose:
                    print(f"  {factor}x start-up: {seconds}", file=sys.stderr)

        def typical(factor: int) -> float | None:
            values = shown[factor]
            return (
                None
                if not values or None in values
                else median([v for v in values if v is not None])
            )

        base = typical(1)
        for factor in factors:
            value = typical(factor)
            if factor == 1:
                rows.append(
                    (
                        "dashboard start-up → painted with data, 1x",
                        _ms(value) if value else "timed out",
                        "-",
                        None,
                    )
                )
                continue
            ok = value is not None and base is not None and value / base <= BUDGET_RATIO
            shown_as = (
                _ratio(value, base) if value is not None else f"> {timeout:.0f} s (timed out)"
            )
            rows.append((f"dashboard start-up, {factor}x / 1x", shown_as, f"≤ {BUDGET_RATIO}x", ok))

        key_figures = (
            ("scale_switch_s", "panel refresh (u: every panel rebuilds)"),
            ("focus_switch_s", "panel focus switch (1-4)"),
            ("cursor_down_s", "cursor down in a panel"),
        )
        base_child = child.get(1, {})
        for key, label in key_figures:
            base_value = median(base_child[key]) if key in base_child else None
            for factor in factors:
                if factor == 1:
                    measured = _ms(base_value) if base_value is not None else "n/a"
                    rows.append((f"{label}, 1x", measured, "-", None))
                    continue
                timings = child.get(factor, {})
                if key not in timings:
                    rows.append(
                        (f"{label}, {factor}x / 1x", "not measured", f"≤ {BUDGET_RATIO}x", False)
                    )
                    continue
                value = median(timings[key])
                ok = base_value is not None and value / base_value <= BUDGET_RATIO
                rows.append(
                    (
                        f"{label}, {factor}x / 1x",
                        _ratio(value, base_value),
                        f"≤ {BUDGET_RATIO}x",
                        ok,
                    )
                )

        for factor in factors:
            timings = child.get(factor, {})
            parts = (
                [f"load_dashboard {_ms(timings['load_dashboard_s'])}"]
                if "load_dashboard_s" in timings
                else []
            )
            parts += [
                f"{name.removeprefix('rebuild_').removesuffix('Panel_s')} {_ms(value)}"
                for name, value in timings.items()
                if name.startswith("rebuild_")
            ]
            if parts:
                notes.append(f"{factor}x first paint: " + ", ".join(parts))
    for note in notes:
        rows.append((note, "", "", None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure up to 100x")
    parser.add_argument("--large-runs", type=int, default=1, help="runs per figure above 100x")
    parser.add_argument("--factors", default="1,100,1000", help="comma-separated scale factors")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a start-up")
    parser.add_argument("--quick", action="store_true", help="one run each, 1000x capped at 120 s")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.child))
        return
    factors = tuple(int(f) for f in args.factors.split(",") if f.strip())
    runs, timeout = args.runs, args.timeout
    if args.quick:
        runs, timeout = 1, min(timeout, 120)
    for what, measured, budget, ok in measure(
        runs, factors, timeout, args.large_runs, verbose=True
    ):
        if not measured and not budget:
            print(f"  {what}")
        else:
            print(row(what, measured, budget, ok))


if __name__ == "__main__":
    main()
