"""Helpers for Pilot tests: wait for a state or a message, never for a number of frames.

A test that pauses a fixed number of times, or sleeps, passes or fails with the speed
of the machine. These wait until the app says it is ready (a state its messages set),
up to a deadline far beyond any machine's need.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

DEADLINE = 30.0
"""Seconds a wait may take before the test fails: far beyond any machine's need."""


async def until(pilot: Pilot, predicate: Callable[[], object], timeout: float = DEADLINE) -> None:
    """Let the app work until ``predicate()`` holds (fails the test after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.01)


@pytest.fixture(autouse=True)
def _own_user_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test its own history, buffers and config: nothing leaks between tests."""
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("KCTUI_CONFIG_DIR", str(tmp_path / "config"))


async def wait_for(pilot: Pilot, seen: list[object], kind: type, count: int = 1) -> object:
    """Let the app work until ``count`` messages of ``kind`` were posted; the last one."""
    await until(pilot, lambda: sum(isinstance(m, kind) for m in seen) >= count)
    return [m for m in seen if isinstance(m, kind)][count - 1]
