"""Find a figure at 1x and 1000x the curated data: a keystroke → its results repainted.

    python bench/bench_find.py [--runs N] [--factor 1000] [--db1000 FILE]

For each database (the curated data built into a temporary directory, and the 1000x
data of ``bench/synthetic.py`` built the same way, or ``--db1000`` if already built),
one headless app at 120x40 opens the find screen (``f``); for each query below, its
last character is typed as a key sent to the driver, and the time runs until the
screen has been repainted after it posted ``FindScreen.Searched`` for that text (the
results of what is typed are on screen). The rest of the query is typed first, and
waited for, so only the last keystroke is timed; the input is cleared in between.

Also measured, without the UI: :func:`kctui.core.find.search` on a cursor, per query.

The sizes alternate: each round opens one app on each (two passes of every query), so
drift in this shared machine's load hits both alike. Printed: medians per query and
over all queries, each 1000x figure as a ratio to the
1x figure of the same run (budget: within 1.5x). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, kctui_command, row

sys.path.insert(0, str(ROOT))

BUDGET_RATIO = 1.5
SIZE = (120, 40)
QUERIES = (
    "net loss 2021",
    "market share alibaba",
    "74.67",
    "revenue 2025",
    "融资",
    "gross margin",
)


async def _ui(db: Path, runs: int) -> dict[str, list[float]]:
    """Seconds from each query's last keystroke to the repaint that shows its results."""
    from textual import events

    from kctui.ui import create_app
    from kctui.ui.dashboard.screen import DashboardScreen
    from kctui.ui.find.screen import FindScreen

    searched: list[tuple[str, float]] = []

    def hook(message: Any) -> None:
        if isinstance(message, FindScreen.Searched):
            searched.append((message.text, time.perf_counter()))

    app = create_app(db)
    paints: list[float] = []
    display = app._display

    def counted(*args: Any, **kwargs: Any) -> None:
        display(*args, **kwargs)
        paints.append(time.perf_counter())

    app._display = counted  # type: ignore[method-assign]
    out: dict[str, list[float]] = {q: [] for q in QUERIES}

    async def until(check: Any, limit: float = 120.0) -> None:
        deadline = time.perf_counter() + limit
        while not check():
            if time.perf_counter() > deadline:
                raise TimeoutError("the find screen did not answer")
            await asyncio.sleep(0.002)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(lambda: isinstance(app.screen, DashboardScreen) and app.screen.data is not None)
        await pilot.press("f")
        await until(lambda: isinstance(app.screen, FindScreen))
        screen = app.screen
        assert isinstance(screen, FindScreen)
        await app.workers.wait_for_complete()  # the names index, read once per database
        for _ in range(runs):
            for query in QUERIES:
                from textual.widgets import Input

                screen.query_one(Input).value = ""
                await pilot.pause()
                if len(query) > 1:
                    await pilot.press(*query[:-1])
                    await until(lambda q=query[:-1]: any(t == q for t, _ in searched))  # type: ignore[misc]
                await pilot.pause()
                searched.clear()
                paints.clear()
                key = query[-1]
                event = events.Key(key, key)
                event.set_sender(app)
                start = time.perf_counter()
                app._driver.send_message(event)  # type: ignore[union-attr]
                await until(lambda q=query: any(t == q for t, _ in searched))  # type: ignore[misc]
                shown_at = next(at for t, at in searched if t == query)
                await until(lambda at=shown_at: any(p >= at for p in paints))  # type: ignore[misc]
                painted = next(p for p in paints if p >= shown_at)
                out[query].append(painted - start)
    return out


def _core(db: Path, runs: int) -> dict[str, list[float]]:
    """Seconds of :func:`kctui.core.find.search` per query, without the UI."""
    from kctui.core import find
    from kctui.core.db import Database

    database = Database(db)
    try:
        names = find.names_for(database)
        out: dict[str, list[float]] = {q: [] for q in QUERIES}
        for _ in range(runs):
            for query in QUERIES:
                cursor = database.cursor()
                start = time.perf_counter()
                find.search(cursor, query, names)
                out[query].append(time.perf_counter() - start)
                cursor.close()
        return out
    finally:
        database.close()


def _build(data: Path, out: Path) -> None:
    subprocess.run(
        [*kctui_command(), "build", "--data", str(data), "--out", str(out)],
        check=True,
        capture_output=True,
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds (2 passes each)")
    parser.add_argument("--factor", type=int, default=1000)
    parser.add_argument("--db1000", type=Path, help="an already built database at --factor")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kctui-find-") as tmpdir:
        tmp = Path(tmpdir)
        small = tmp / "kc1.duckdb"
        _build(ROOT / "data", small)
        big = args.db1000
        if big is None:
            data = tmp / f"data{args.factor}"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "synthetic.py"),
                    "--factor",
                    str(args.factor),
                    "--out",
                    str(data),
                ],
                check=True,
                capture_output=True,
            )
            big = tmp / f"kc{args.factor}.duckdb"
            _build(data, big)
        # Alternately, so drift in the machine's load hits both sizes alike.
        core: dict[int, dict[str, list[float]]] = {1: {}, args.factor: {}}
        ui: dict[int, dict[str, list[float]]] = {1: {}, args.factor: {}}
        for _ in range(args.runs):
            for factor, db in ((1, small), (args.factor, big)):
                for query, times in _core(db, 2).items():
                    core[factor].setdefault(query, []).extend(times)
                for query, times in asyncio.run(_ui(db, 2)).items():
                    ui[factor].setdefault(query, []).extend(times)
    rows = []
    for what, measured in (("search (core, no UI)", core), ("key → results repainted", ui)):
        base, scaled = measured[1], measured[args.factor]
        for query in QUERIES:
            b, s = statistics.median(base[query]), statistics.median(scaled[query])
            rows.append(row(f"{what}: “{query}”", f"{_ms(b)} → {_ms(s)}", "-", None))
        b = statistics.median([v for q in QUERIES for v in base[q]])
        s = statistics.median([v for q in QUERIES for v in scaled[q]])
        worst = max(statistics.median(scaled[q]) / statistics.median(base[q]) for q in QUERIES)
        rows.append(
            row(
                f"{what}, all queries: {args.factor}x / 1x",
                f"{s / b:.2f}x ({_ms(b)} → {_ms(s)})",
                f"<= {BUDGET_RATIO}x",
                s / b <= BUDGET_RATIO,
            )
        )
        rows.append(row(f"{what}, worst query: {args.factor}x / 1x", f"{worst:.2f}x", "-", None))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
