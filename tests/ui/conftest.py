"""Helpers for Pilot tests: wait for a state or a message, never for a number of frames.

A test that pauses a fixed number of times, or sleeps, passes or fails with the speed
of the machine. These wait until the app says it is ready (a state its messages set),
up to a deadline far beyond any machine's need.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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
