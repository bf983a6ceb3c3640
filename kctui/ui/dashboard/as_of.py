"""The dashboard as known on an earlier day: ``[``, ``]`` and ``\\`` on the dashboard.

A step says the new day on the title bar at once and shows that day's data as soon as
it is loaded: at once if it was loaded ahead (the days next to the one shown always
are, once a step has been made), else from a thread when it is. Every panel and key
figure is rebuilt from it, as a scale switch rebuilds them; the panel with the cursor
announces its selection again, so the Sources panel shows quotes of that day. Today's
data is the launch's, kept.
"""

from __future__ import annotations

from concurrent.futures import CancelledError
from typing import TYPE_CHECKING

from kctui.core.asof import Step
from kctui.core.dashboard import Dashboard
from kctui.core.text import one_line
from kctui.ui.asof import AsOf, show_in_title
from kctui.ui.dashboard.key_figures import KeyFigures
from kctui.ui.dashboard.panel import Panel

if TYPE_CHECKING:
    from kctui.ui.dashboard.screen import DashboardScreen

LOADING = " · loading…"


class DashboardAsOf:
    """The dashboard's "as known on" steps (made on the first one)."""

    def __init__(self, screen: DashboardScreen) -> None:
        self.screen = screen
        self.state = AsOf(screen.db)
        self.today_data: Dashboard | None = screen.data
        self.shown: Step | None = None
        """The day whose data the panels show (``None``: today)."""

    def step(self, delta: int) -> None:
        """One day of the calendar back (``-1``) or on (``1``)."""
        refused = self.state.move(delta)
        if refused is not None:
            self.screen.notify(refused, timeout=2, markup=False)
            return
        self.show()

    def today(self) -> None:
        """Back to today."""
        if self.state.today():
            self.show()

    def show(self) -> None:
        """Show the day the shared state stands on (the timeline may have moved it)."""
        self.screen.refresh_bindings()
        step = self.state.step
        if step == self.shown and (step is not None or self.screen.data is self.today_data):
            return
        if step is None:
            show_in_title(self.screen, None)
            if self.today_data is not None:
                self._apply(None, self.today_data)
            return
        future = self.state.loader.dashboard(step.day)
        if future.done() and future.exception() is None:
            show_in_title(self.screen, step)
            self._apply(step, future.result())
            return
        show_in_title(self.screen, step)
        self.screen.sub_title = step.label() + LOADING

        def wait() -> None:
            try:
                data = future.result()
            except CancelledError:
                return  # the user stepped on before it started: that day is not wanted
            except Exception as exc:  # a query that failed: said, the old data stays
                self.screen.app.call_from_thread(self._failed, step, exc)
                return
            self.screen.app.call_from_thread(self._arrived, step, data)

        self.screen.run_worker(wait, thread=True, group="as-of", exit_on_error=False)

    def _arrived(self, step: Step, data: Dashboard) -> None:
        if self.state.step == step and self.screen.is_attached:
            show_in_title(self.screen, step)
            self._apply(step, data)

    def _failed(self, step: Step, error: BaseException) -> None:
        if self.state.step != step:
            return
        show_in_title(self.screen, step)
        self.screen.notify(
            f"Could not load the data as known on {step.day}: {one_line(str(error))}",
            severity="error",
            markup=False,
        )

    def _apply(self, step: Step | None, data: Dashboard) -> None:
        screen = self.screen
        if not screen.app.is_running:
            return
        self.shown = step
        screen.data = data
        screen.query_one(KeyFigures).set_data(data)
        for panel in screen.query(Panel):
            panel.set_data(data)
        # Rebuilt tables keep their cursors; the focused one tells the Sources panel
        # again what it is on, as known on this day.
        screen.panel(screen.active_panel).announce()
        self.state.loader.prefetch(self.state.neighbours())

    def close(self) -> None:
        """Stop loading (the screen is going)."""
        self.state.close()
