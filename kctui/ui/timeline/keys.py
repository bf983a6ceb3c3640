"""The "as known on" keys, the same on the dashboard and the timeline: ``[`` ``]`` ``\\``.

``]`` and ``\\`` are shown only while an earlier day is shown (today there is nothing
later); each screen's ``check_action`` asks :func:`as_of_check`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding

if TYPE_CHECKING:  # the steps themselves load on the first one, not at launch
    from kctui.ui.asof import AsOf

TIMELINE_TIP = "KC's history on one axis: events, rounds, share price and market value"

AS_OF_BINDINGS = (
    Binding(
        "left_square_bracket",
        "as_of(-1)",
        "Earlier",
        key_display="[",
        id="as_of_earlier",
        tooltip="As known on the previous source's date: only what had been published",
    ),
    Binding(
        "right_square_bracket",
        "as_of(1)",
        "Later",
        key_display="]",
        id="as_of_later",
        tooltip="As known on the next source's date",
    ),
    Binding(
        "backslash",
        "as_of_today",
        "Today",
        key_display="\\",
        id="as_of_today",
        tooltip="Back to today: every source",
    ),
)


def as_of_check(state: AsOf | None, action: str, parameters: tuple[object, ...]) -> bool | None:
    """``]`` and ``\\`` only while an earlier day is shown (``False`` hides a key)."""
    if action == "as_of_today" or (action == "as_of" and parameters == (1,)):
        return state is not None and state.position is not None
    return True


def as_of_commands(screen: Any, *, timeline: bool = False) -> Iterable[SystemCommand]:
    """The palette's entries for the keys (``screen`` has the actions)."""
    if timeline:
        yield SystemCommand("Timeline", f"Key t: {TIMELINE_TIP}", screen.action_timeline)
    yield SystemCommand(
        "As known on: earlier",
        "Key [: the data as known on the previous source's date",
        lambda: screen.action_as_of(-1),
    )
    yield SystemCommand(
        "As known on: later", "Key ]: the next source's date", lambda: screen.action_as_of(1)
    )
    yield SystemCommand(
        "As known on: today", "Key \\: every source again", screen.action_as_of_today
    )
