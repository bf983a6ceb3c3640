""" "As known on", as the screens share it: the days of the sources, where the user stands.

One :class:`AsOf` per dashboard, handed to the timeline it opens: ``[`` and ``]`` on
either move the same date, ``\\`` brings both back to today. It knows the calendar (the
sources' publication dates, read on the first step, not at launch) and loads the
dashboard as known on a day on a thread of its own (:class:`~kctui.core.asof.DashboardLoader`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.screen import Screen

from kctui.core.asof import Calendar, DashboardLoader, Step
from kctui.core.db import Database
from kctui.ui.widgets.title_bar import TitleBar

EARLIEST = "This is the earliest source: nothing was published before"
TODAY = "This is today: every source is known"


class AsOf:
    """Where in time the screens stand (``None``: today) and the calendar they step in."""

    def __init__(self, db: Database) -> None:
        self.calendar = Calendar.load(db)
        self.position: int | None = None
        self.loader = DashboardLoader(db)

    @property
    def step(self) -> Step | None:
        """The day shown (``None``: today)."""
        return self.calendar.at(self.position)

    @property
    def day(self) -> date | None:
        """The day shown (``None``: today)."""
        return self.calendar.day(self.position)

    def move(self, delta: int) -> str | None:
        """Step ``delta`` days of the calendar on (later) or back; a line saying why not, if
        it cannot (the earliest day, or today)."""
        target = self.calendar.step(self.position, delta)
        if target == self.position:
            return EARLIEST if delta < 0 else TODAY
        self.position = target
        return None

    def today(self) -> bool:
        """Back to today; whether that moved anything."""
        moved = self.position is not None
        self.position = None
        return moved

    def neighbours(self) -> list[date | None]:
        """The days one step back and one step on (what to load ahead)."""
        return [self.calendar.day(self.calendar.step(self.position, delta)) for delta in (-1, 1)]

    def close(self) -> None:
        """Stop loading."""
        self.loader.close()


def show_in_title(screen: Screen[Any], step: Step | None, name: str = "") -> None:
    """Say on ``screen``'s title bar (after its ``name``) which day it shows (nothing:
    today), lit when not today."""
    parts = [part for part in (name, step.label() if step is not None else "") if part]
    screen.sub_title = " · ".join(parts) or None
    for bar in screen.query(TitleBar):
        bar.set_class(step is not None, "-as-of")
