"""Helpers shared by the bench scripts: timing subprocesses, medians, one output format.

Every figure is taken in the same run as its baseline and printed as a ratio, because
this machine (and CI's) is shared and noisy: absolute times move, ratios much less.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_kctui() -> None:
    """Write kctui's bytecode, as installing it does.

    pip compiles a package's modules when it installs them, and Python caches them on
    first import. A source checkout run with PYTHONDONTWRITEBYTECODE set (as on this
    machine) would compile all of kctui again in every process a bench starts: a cost
    no user pays, and one Textual and DuckDB (installed, so compiled) never show.
    """
    import compileall

    compileall.compile_dir(ROOT / "kctui", quiet=1)


compile_kctui()


def kctui_command() -> list[str]:
    """The installed ``kctui`` script beside this Python, else ``python -m kctui``."""
    script = Path(sys.executable).parent / "kctui"
    if script.exists():
        return [str(script)]
    found = shutil.which("kctui")
    return [found] if found else [sys.executable, "-m", "kctui"]


def time_command(argv: Sequence[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of ``runs`` executions of ``argv`` (each must succeed)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return times


def interleaved(
    commands: dict[str, Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, list[float]]:
    """Time several commands alternately, so drift in machine load hits them all alike."""
    out: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            out[name] += time_command(argv, 1, env)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def row(what: str, measured: str, budget: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("ok" if ok else "OVER BUDGET")
    return f"{what:<58} {measured:>16}  budget {budget:<14} {verdict}"


SCALE_BUDGET = 1.5
"""The design's scale budget: at 1000x the data, at most this many times the 1x time."""


def ms(seconds: float) -> str:
    """A duration as ``123 ms`` (``12.3 s`` from ten seconds)."""
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def scale_rows(
    label: str, base: float, base_factor: int, medians: dict[int, float]
) -> list[tuple[str, str, str, bool]]:
    """One row per larger factor: its median over the base factor's, against the budget."""
    rows = []
    for factor, value in medians.items():
        if factor == base_factor:
            continue
        ratio = value / base
        rows.append(
            (
                f"{label}, {factor}x / {base_factor}x",
                f"{ratio:.2f}x ({ms(value)})",
                f"≤ {SCALE_BUDGET}x",
                ratio <= SCALE_BUDGET,
            )
        )
    return rows
