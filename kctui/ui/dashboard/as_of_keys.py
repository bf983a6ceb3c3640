"""The dashboard's ``t``, ``[``, ``]`` and ``\\``: the actions, mixed into DashboardScreen.

The steps themselves are kctui.ui.dashboard.as_of's (imported on the first one, so
none of it is on the start-up path); the timeline is kctui.ui.timeline's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from kctui.ui.timeline.keys import as_of_check

if TYPE_CHECKING:
    from kctui.ui.dashboard.as_of import DashboardAsOf
    from kctui.ui.dashboard.screen import DashboardScreen


class AsOfKeys:
    """The "as known on" and timeline actions of the dashboard."""

    _as_of: DashboardAsOf | None = None

    def as_of_view(self) -> DashboardAsOf | None:
        """The dashboard's "as known on" steps, made on first use (once data is shown)."""
        screen = cast("DashboardScreen", self)
        if self._as_of is None and screen.data is not None:
            from kctui.ui.dashboard.as_of import DashboardAsOf

            self._as_of = DashboardAsOf(screen)
        return self._as_of

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return as_of_check(self._as_of.state if self._as_of else None, action, parameters)

    def action_as_of(self, delta: int) -> None:
        """Show the data as known on the previous (``-1``) or next (``1``) source's date."""
        view = self.as_of_view()
        if view is not None:
            view.step(delta)

    def action_as_of_today(self) -> None:
        """Show today's data again (every source)."""
        if self._as_of is not None:
            self._as_of.today()

    def action_timeline(self) -> None:
        """Open the timeline, as known on the day shown."""
        view = self.as_of_view()
        if view is None:
            return
        from kctui.ui.timeline.screen import TimelineScreen

        screen = cast("DashboardScreen", self)
        screen.app.push_screen(TimelineScreen(screen.db, view.state, screen.scale))
