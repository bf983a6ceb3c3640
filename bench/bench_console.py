"""Benchmark of the SQL console, driven through the real app (Pilot, headless).

Prints numbers and ratios, asserts nothing. Run it as ``python bench/bench_console.py``.

Measured, in one process, against a database built into a temporary directory:

* first rows: ``SELECT * FROM range(10_000_000)``, run key → first rows in the table
  and the screen repainted, the background count starting right after; extra memory
  (RSS) at that moment;
* the total count: run key → "10,000,000 rows" known (DuckDB's ``count(*)`` in the
  background); memory then;
* the last row: ``ctrl+end`` → row 10,000,000 on screen (the result copied in DuckDB,
  its last page read); memory then;
* sort: ``s`` on the column of a fresh 10M-row result → first sorted rows on screen
  (ascending, then ``s`` again: descending); memory then;
* memory after the same query is run five times in a row (results must be released);
* UI responsiveness while a query runs: the longest gap between ticks of a 10 ms
  timer on the event loop;
* cancel: ``SELECT count(*) FROM range(3_000_000_000)``, escape → the console says
  "Cancelled".

When harlequin is installed in a throwaway venv (``/tmp/hq``, or ``$HARLEQUIN_PYTHON``;
never a kctui dependency) the same first-rows and memory measurement is taken with it
in the same run, and the ratios printed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIG = "SELECT * FROM range(10_000_000)"
SLOW = "SELECT count(*) FROM range(3_000_000_000)"  # about 1 s on 2 cores
SLOWER = "SELECT sum(range) FROM range(3_000_000_000)"  # about 10 s
HARLEQUIN_PYTHON = Path(os.environ.get("HARLEQUIN_PYTHON", "/tmp/hq/bin/python"))


def rss_mb() -> float:
    """Resident memory of this process in MB (from /proc, else the peak from resource)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LoopLag:
    """The longest gap between ticks of a 10 ms timer: how long the UI was frozen."""

    def __init__(self, app: object) -> None:
        self.app = app
        self.worst = 0.0
        self.peak_rss = 0.0
        self._last = time.perf_counter()
        self._timer = app.set_interval(0.01, self._tick)  # type: ignore[attr-defined]

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now
        self.peak_rss = max(self.peak_rss, rss_mb())

    def reset(self) -> None:
        self.worst = 0.0
        self.peak_rss = 0.0
        self._last = time.perf_counter()

    def stop(self) -> None:
        self._timer.stop()


def send_key(app: object, key: str) -> float:
    """Post a key the way a terminal would, without Pilot's wait-until-idle; return when.

    ``Pilot.press`` waits until the whole process is idle (the worker thread included),
    which would hide the latency being measured.
    """
    from textual import events

    event = events.Key(key, None)
    event.set_sender(app)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    app._driver.send_message(event)  # type: ignore[attr-defined]
    return t0


class PaintProbe:
    """Records the first time a results grid renders a line once ``ready()`` holds.

    Patched on the class: every run makes a new grid (one per result tab)."""

    def __init__(self, cls: type) -> None:
        self.ready = lambda: False
        self.painted: float | None = None
        self.key_at = 0.0
        """When the run key was sent (run_big sets it)."""
        original = cls.render_line
        probe = self

        def render_line(grid, y: int):  # type: ignore[no-untyped-def]
            if probe.painted is None and probe.ready():
                probe.painted = time.perf_counter()
            return original(grid, y)

        cls.render_line = render_line

    def arm(self, ready) -> None:  # type: ignore[no-untyped-def]
        self.painted = None
        self.ready = ready


async def _wait_for(predicate, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.002)
    return time.perf_counter()


async def bench_kctui(db_path: Path) -> dict[str, float]:
    from kctui.ui import create_app
    from kctui.ui.console.screen import ConsoleScreen

    out: dict[str, float] = {}
    app = create_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await _wait_for(lambda: isinstance(app.screen, ConsoleScreen))
        screen: ConsoleScreen = app.screen  # type: ignore[assignment]
        await _wait_for(lambda: screen.editor.completer is not None)
        await pilot.pause(0.2)
        lag = LoopLag(app)

        from kctui.ui.console.grid import ResultsTable

        probe = PaintProbe(ResultsTable)

        async def run_big(sql: str = BIG) -> float:
            screen.editor.set_text(sql)
            screen.editor.focus()
            await pilot.pause()
            previous = screen.state.run

            def ready() -> bool:
                return (
                    screen.state.run is not previous
                    and not screen.state.busy
                    and screen.pane.active is not None
                    and screen.results.row_count > 0
                )

            probe.arm(ready)
            lag.reset()
            t0 = probe.key_at = send_key(app, "f5")
            await _wait_for(lambda: probe.painted is not None)
            return probe.painted - t0  # type: ignore[operator]

        await run_big("SELECT 42")  # warm up the result path before the baseline
        await pilot.pause(0.2)
        gc.collect()
        base = rss_mb()
        out["first_rows_s"] = await run_big()
        out["lag_first_run_s"] = lag.worst
        out["rss_first_mb"] = rss_mb() - base
        out["rss_peak_first_mb"] = max(lag.peak_rss, rss_mb()) - base
        latencies = [out["first_rows_s"]]
        peak = lag.peak_rss
        for _ in range(4):
            latencies.append(await run_big())
            peak = max(peak, lag.peak_rss)
        out["rss_peak_five_mb"] = peak - base
        await pilot.pause(0.3)  # the fifth run's worker closes the fourth's cursor
        gc.collect()
        out["first_rows_median_s"] = sorted(latencies)[len(latencies) // 2]
        out["rss_after_five_mb"] = rss_mb() - base
        out["rows_loaded"] = screen.results.row_count

        # Stream pages in order: page down through what is loaded a few times.
        screen.results.focus()
        t0 = time.perf_counter()
        for _ in range(5):
            table = screen.results
            before = table.pages.count
            for _ in range(max(1, (before - table.cursor_row) // table.page_size)):
                send_key(app, "pagedown")
                await asyncio.sleep(0)
            await _wait_for(lambda b=before, t=table: t.pages.count > b)
        out["five_pages_s"] = time.perf_counter() - t0
        out["rows_after_scroll"] = screen.results.pages.count

        out.update(await bench_whole_result(app, pilot, screen, run_big, probe, base))

        # Cancel slow queries: escape a little after the run key.
        status = screen.query_one("#results-status")
        for name, sql, wait in (("cancel", SLOW, 0.2), ("cancel_slower", SLOWER, 0.5)):
            screen.editor.set_text(sql)
            screen.editor.focus()
            await pilot.pause()
            lag.reset()
            send_key(app, "f5")
            await asyncio.sleep(wait)
            running = screen.state.executing
            out[f"lag_{name}_s"] = lag.worst
            t0 = send_key(app, "escape")
            await _wait_for(lambda: not screen.state.busy)
            out[f"{name}_s"] = time.perf_counter() - t0
            out[f"{name}_reported"] = float("Cancelled" in str(status.render()))
            out[f"{name}_was_running"] = float(running)
        lag.stop()
    return out


async def bench_whole_result(app, pilot, screen, run_big, probe, base: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The total count, the last row and a sort of a 10M-row result, with memory after each."""
    out: dict[str, float] = {}

    def total_known() -> bool:
        active = screen.pane.active
        return active is not None and active.source.total is not None and not active.busy

    gc.collect()
    out["count_first_rows_s"] = await run_big()
    counting = screen.pane.active is not None and screen.pane.active.busy
    await _wait_for(total_known)
    out["count_s"] = time.perf_counter() - probe.key_at
    out["count_was_running"] = float(counting)
    out["rss_count_mb"] = rss_mb() - base
    table = screen.results
    table.focus()
    await pilot.pause()
    t0 = send_key(app, "ctrl+end")
    await _wait_for(lambda: table.cursor_row == 9_999_999 and table.pages.row(9_999_999))
    await _wait_for(lambda: "9,999,999" in table.render_line(table.size.height - 1).text)
    out["last_row_s"] = time.perf_counter() - t0
    out["rss_last_row_mb"] = rss_mb() - base

    # A fresh result (no copy yet): the sort wraps the query itself.
    await run_big()
    await _wait_for(total_known)
    for name in ("sort_asc", "sort_desc"):
        screen.results.focus()
        await pilot.pause()
        active = screen.pane.active
        view = active.view
        t0 = send_key(app, "s")
        await _wait_for(lambda a=active, v=view: a.view != v and a.table.row_count > 0)
        grid = screen.results
        first = "9,999,999" if name == "sort_desc" else " 0 "
        await _wait_for(lambda g=grid, f=first: f in g.render_line(1).text)
        out[f"{name}_s"] = time.perf_counter() - t0
        out[f"rss_{name}_mb"] = rss_mb() - base
    return out


HARLEQUIN_DRIVER = r"""
import asyncio, gc, json, sys, time
from harlequin import Harlequin
from harlequin_duckdb import DuckDbAdapter

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

async def main():
    app = Harlequin(DuckDbAdapter(conn_str=(":memory:",), no_init=True), record_history=False)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while app.editor is None:
            await pilot.pause(0.05)
        await pilot.pause(0.5)

        from textual import events

        async def run(sql):
            viewer = app.results_viewer
            before = viewer.get_visible_table()
            await pilot.pause(0.3)  # let the last run settle (it moves focus to the table)
            app.editor.text = sql
            app.editor.focus()
            await pilot.pause()
            event = events.Key("ctrl+j", None)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)
            while True:
                await asyncio.sleep(0.002)
                t = viewer.get_visible_table()
                if t is not None and t is not before and t.row_count > 0:
                    break
                if time.perf_counter() - t0 > 60:
                    raise TimeoutError
            t1 = time.perf_counter()
            painted = []
            original = t.render_line
            def render_line(y):
                painted.append(time.perf_counter())
                return original(y)
            t.render_line = render_line
            while not painted:
                await asyncio.sleep(0.002)
                if time.perf_counter() - t1 > 10:
                    raise TimeoutError
            return painted[0] - t0

        gc.collect()
        base = rss()
        out["first_rows_s"] = await run(sys.argv[1])
        out["rss_first_mb"] = rss() - base
        lat = [out["first_rows_s"]]
        for _ in range(4):
            lat.append(await run(sys.argv[1]))
        await pilot.pause(0.3)
        gc.collect()
        out["first_rows_median_s"] = sorted(lat)[len(lat) // 2]
        out["rss_after_five_mb"] = rss() - base
    print(json.dumps(out))

asyncio.run(main())
"""


def bench_harlequin(tmp: Path) -> dict[str, float] | str:
    """The same measurement in harlequin, in its own venv; a reason string if impossible."""
    if not HARLEQUIN_PYTHON.exists():
        return (
            f"harlequin not measured: no {HARLEQUIN_PYTHON} (python -m venv /tmp/hq && "
            "/tmp/hq/bin/pip install harlequin)"
        )
    script = tmp / "harlequin_driver.py"
    script.write_text(HARLEQUIN_DRIVER, encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp))  # keep harlequin's config and history out of ~
    try:
        proc = subprocess.run(
            [str(HARLEQUIN_PYTHON), str(script), BIG],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            cwd=tmp,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"harlequin not measured: {exc}"
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return f"harlequin not measured: exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    return json.loads(lines[-1])


def main() -> None:
    os.environ.setdefault("TEXTUAL", "")
    with tempfile.TemporaryDirectory(prefix="kctui-bench-") as tmpdir:
        tmp = Path(tmpdir)
        os.environ["KCTUI_USER_DATA_DIR"] = str(tmp / "userdata")  # history stays out of ~
        from kctui.build import build

        db_path = tmp / "kc.duckdb"
        build(ROOT / "data", db_path)

        kc = asyncio.run(bench_kctui(db_path))
        hq = bench_harlequin(tmp)

    print("kctui SQL console benchmark (headless Pilot, 120x40)")
    print(f"  query: {BIG}")
    print(
        f"  first rows on screen        {kc['first_rows_s'] * 1000:8.1f} ms   (budget 500 ms, "
        f"ratio {kc['first_rows_s'] / 0.5:.2f})"
    )
    print(f"  first rows, median of 5     {kc['first_rows_median_s'] * 1000:8.1f} ms")
    print(
        f"  extra RSS at first rows     {kc['rss_first_mb']:8.1f} MB   (budget 150 MB, "
        f"ratio {kc['rss_first_mb'] / 150:.2f})"
    )
    print(
        f"  peak extra RSS, first run   {kc['rss_peak_first_mb']:8.1f} MB   (budget 150 MB, "
        f"ratio {kc['rss_peak_first_mb'] / 150:.2f})"
    )
    print(
        f"  extra RSS after five runs   {kc['rss_after_five_mb']:8.1f} MB   (budget 150 MB, "
        f"ratio {kc['rss_after_five_mb'] / 150:.2f}; peak during them "
        f"{kc['rss_peak_five_mb']:.1f} MB)"
    )
    print(f"  rows loaded (first page)    {kc['rows_loaded']:8.0f}")
    print(
        f"  five more pages by pgdn     {kc['five_pages_s'] * 1000:8.1f} ms   "
        f"({kc['rows_after_scroll']:.0f} rows loaded)"
    )
    print(f"  longest UI freeze, 10M run  {kc['lag_first_run_s'] * 1000:8.1f} ms")
    print("  the whole result (memory: extra RSS over the start of the first run)")
    print(
        f"  first rows, count running   {kc['count_first_rows_s'] * 1000:8.1f} ms   (budget 500 ms, "
        f"ratio {kc['count_first_rows_s'] / 0.5:.2f}; counting at first paint: "
        f"{'yes' if kc['count_was_running'] else 'no, already done'})"
    )
    print(
        f"  run key → total count known {kc['count_s'] * 1000:8.1f} ms   "
        f"RSS +{kc['rss_count_mb']:.1f} MB"
    )
    print(
        f"  ctrl+end → row 10,000,000   {kc['last_row_s'] * 1000:8.1f} ms   "
        f"RSS +{kc['rss_last_row_mb']:.1f} MB (the result copied in DuckDB)"
    )
    for name, label in (("sort_asc", "ascending"), ("sort_desc", "descending")):
        print(
            f"  s → sorted {label:<11}      {kc[f'{name}_s'] * 1000:8.1f} ms   "
            f"RSS +{kc[f'rss_{name}_mb']:.1f} MB"
        )
    for name, sql in (("cancel", SLOW), ("cancel_slower", SLOWER)):
        print(f"  query: {sql}")
        print(
            f"  cancel (escape → Cancelled) {kc[f'{name}_s'] * 1000:8.1f} ms   (budget 250 ms, "
            f"ratio {kc[f'{name}_s'] / 0.25:.2f}; running at escape: "
            f"{'yes' if kc[f'{name}_was_running'] else 'NO'}, reported cancelled: "
            f"{'yes' if kc[f'{name}_reported'] else 'NO'})"
        )
        print(f"  longest UI freeze meanwhile {kc[f'lag_{name}_s'] * 1000:8.1f} ms")
    if isinstance(hq, str):
        print(hq)
        return
    print("harlequin (same query, same machine, same run; /tmp/hq venv)")
    print(
        f"  first rows on screen        {hq['first_rows_s'] * 1000:8.1f} ms   "
        f"kctui/harlequin {kc['first_rows_s'] / hq['first_rows_s']:.2f}"
    )
    print(
        f"  first rows, median of 5     {hq['first_rows_median_s'] * 1000:8.1f} ms   "
        f"kctui/harlequin {kc['first_rows_median_s'] / hq['first_rows_median_s']:.2f}"
    )
    print(
        f"  extra RSS at first rows     {hq['rss_first_mb']:8.1f} MB   "
        f"kctui/harlequin {kc['rss_first_mb'] / max(hq['rss_first_mb'], 0.1):.2f}"
    )
    print(
        f"  extra RSS after five runs   {hq['rss_after_five_mb']:8.1f} MB   "
        f"kctui/harlequin {kc['rss_after_five_mb'] / max(hq['rss_after_five_mb'], 0.1):.2f}"
    )
    print("  (harlequin fetches every row before showing any, its total included; kctui")
    print("   streams pages and counts in DuckDB. harlequin has no sort, no go-to-row past")
    print("   its 100,000-row viewer cap: nothing to compare those with.)")


if __name__ == "__main__":
    main()
