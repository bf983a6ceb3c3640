"""The dashboard: key figures over four linked panels.

Financing rounds · results · competitors · sources. Moving the cursor in any panel
shows, in the Sources panel, the excerpts behind what it is on; ``enter`` opens the
detail view. The screen only composes, routes the panels' messages and owns the keys
that span panels (``1``-``4``, ``u``, ``m``, ``tab``); each panel owns its own.

Every panel query runs at once, on a thread: started by the CLI before Textual was
even imported (kctui.core.preload), or as the screen is created; the panels fill together. At 80x24 (or anything under 100x30) the panels share the
screen one at a time, with tabs, and the Sources panel keeps a strip for the quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.events import DescendantFocus, Resize, ScreenResume
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kctui.core.dashboard import Dashboard
from kctui.core.db import Database
from kctui.core.preload import load_in_thread
from kctui.core.text import one_line
from kctui.ui import fmt
from kctui.ui.dashboard.as_of_keys import AsOfKeys
from kctui.ui.dashboard.competitors import CompetitorsPanel
from kctui.ui.dashboard.key_figures import KeyFigures
from kctui.ui.dashboard.panel import Panel
from kctui.ui.dashboard.results import ResultsPanel
from kctui.ui.dashboard.rounds import RoundsPanel
from kctui.ui.dashboard.sources import SourcesPanel
from kctui.ui.dashboard.tool_keys import ToolKeys
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.timeline.keys import AS_OF_BINDINGS, TIMELINE_TIP, as_of_commands
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.panel_tabs import PanelTabs
from kctui.ui.widgets.title_bar import TitleBar

PANELS: tuple[tuple[str, str], ...] = (
    ("rounds", "Rounds"),
    ("results", "Results"),
    ("competitors", "Competitors"),
    ("sources", "Sources"),
)
"""Panel ids in the order of their keys (1-4) and of tab / shift+tab."""

COMPACT_BELOW = (100, 30)
"""Narrower or shorter than this, the panels take turns (tabs) instead of a 2x2 grid."""

PREFETCH_WAIT = 0.25
"""Seconds the first paint may wait for the panel queries (see on_mount)."""

SCALE_NAMES = {"auto": "auto (B/M)", "B": "billions", "M": "millions", "亿": "亿 (1e8)"}
SCALE_LABELS = {"auto": "auto", "B": "B", "M": "M", "亿": "亿"}
"""The active scale as the key bar says it (``u Scale: B``)."""


def panel_widths(width: int, height: int, *, compact: bool) -> dict[str, int]:
    """Each panel's content width at a terminal size, as the layout in app.tcss gives it.

    Only a hint, for building the tables before the first layout (a wrong guess costs
    one rebuild when the panel learns its size): the 2x2 grid's two columns are 1fr
    each, so the top and bottom rows split at the same column; a border and padding
    take 4 cells.
    """
    if compact or width < COMPACT_BELOW[0] or height < COMPACT_BELOW[1]:
        return dict.fromkeys((name for name, _ in PANELS), width - 4)
    # Textual places fractional columns at the floor of their running total.
    first = width // 2
    last = width - first
    return {
        "rounds": first - 4,
        "results": last - 4,
        "competitors": first - 4,
        "sources": last - 4,
    }


class DashboardScreen(AsOfKeys, ToolKeys, KctuiScreen):
    """Key figures and four linked panels."""

    MAXIMISES_ITS_OWN_WAY = True
    RESTORE_HINT = "m or escape restores"

    BINDINGS = [
        Binding("1", "focus_panel('rounds')", "Rounds", show=False, id="focus_rounds"),
        Binding("2", "focus_panel('results')", "Results", show=False, id="focus_results"),
        Binding(
            "3", "focus_panel('competitors')", "Competitors", show=False, id="focus_competitors"
        ),
        Binding("4", "focus_panel('sources')", "Sources", show=False, id="focus_sources"),
        Binding("tab", "cycle_panel(1)", "Next panel", show=False, id="next_panel"),
        Binding("shift+tab", "cycle_panel(-1)", "Previous panel", show=False, id="previous_panel"),
        Binding(
            "u",
            "scale",
            "Scale",
            id="scale",
            tooltip="Switch the money scale: auto, billions, millions, 亿",
        ),
        Binding(
            "o",
            "open_document",
            "Document",
            id="open_document",
            tooltip="The whole source document of the quote shown, scrolled to it",
        ),
        Binding(
            "m",
            "maximize_panel",
            "Max",
            id="maximize",
            tooltip="Maximise the focused panel, or restore it",
        ),
        Binding(
            "g",
            "coverage",
            "Coverage",
            id="coverage",
            tooltip="Coverage grid: metric x period, the statements behind each figure",
        ),
        Binding("f", "find", "Find", id="find", tooltip="Find a figure by words or a number"),
        Binding(
            "y",
            "cite(False)",
            "Cite",
            id="cite",
            tooltip="Copy a citation of what the cursor is on (Y: as Markdown)",
        ),
        Binding("Y", "cite(True)", "Cite (Markdown)", show=False, id="cite_markdown"),
        Binding("t", "timeline", "Timeline", id="timeline", tooltip=TIMELINE_TIP),
        *AS_OF_BINDINGS,
    ]

    ALLOW_IN_MAXIMIZED_VIEW = "TitleBar, KeyBar"
    """A maximised panel keeps the title and the keys (m or escape restores)."""

    scale: reactive[str] = reactive("auto")
    """Money scale for every panel: auto, B, M or 亿."""
    active_panel: reactive[str] = reactive("rounds", init=False)
    """The panel with the focus (shown alone, with tabs, on a small terminal)."""

    class DataShown(Message):
        """The panels are filled and drawn (posted once; the app ends start-up on it)."""

    def __init__(self, db: Database, *, preloaded: Future[Dashboard] | None = None) -> None:
        """``preloaded``: the data, already loading (kctui.core.preload); else it is
        loaded now."""
        super().__init__(db)
        self.data: Dashboard | None = None
        self._as_of = None
        # The queries run on a thread while the screen composes and styles itself; on
        # mount, either the data is there to show in the first paint, or the worker
        # waits for it.
        self._prefetch = preloaded or load_in_thread(db)

    _suspended = False

    def on_screen_resume(self, event: ScreenResume) -> None:
        # Textual restyles the whole screen on every resume, in case something changed
        # while it was away. A screen that has never been away was styled as it was
        # mounted: the resume that shows it at launch skips that second full restyle.
        # (A theme change restyles every screen itself.) Handlers run subclass first,
        # so this runs before Screen's own handler reads the flag.
        if not self._suspended:
            event.refresh_styles = False
        if self._as_of is not None:
            self._as_of.show()  # the timeline may have moved the day

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_unmount(self) -> None:
        if self._as_of is not None:
            self._as_of.close()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield KeyFigures(id="key-figures").data_bind(DashboardScreen.scale)
        yield PanelTabs(PANELS, id="panel-tabs")
        with Container(id="panels"):
            yield RoundsPanel(id="rounds").data_bind(DashboardScreen.scale)
            yield ResultsPanel(id="results").data_bind(DashboardScreen.scale)
            yield CompetitorsPanel(id="competitors").data_bind(DashboardScreen.scale)
            yield SourcesPanel(self.db, id="sources").data_bind(DashboardScreen.scale)
        yield Static(id="dashboard-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#dashboard-error").display = False
        # m and escape both restore: the key bar says what m does either way.
        self.watch(self, "maximized", self.refresh_bindings, init=False)
        self._mark_active()
        # The panel queries take a tenth of a second or so, and started in __init__. Rather
        # than paint four empty panels and then paint them all again (two full paints,
        # and the queries slowed by sharing the interpreter with the first), give them a
        # moment to finish; past that, a worker waits and the panels fill when it is done.
        try:
            data = self._prefetch.result(timeout=PREFETCH_WAIT)
        except Exception:  # timeout, or a failure the worker will report
            self.load()
        else:
            self._show(data)

    # --- data ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load(self) -> Dashboard:
        """Wait, off the UI thread, for the panel queries started in ``__init__``."""
        return self._prefetch.result()

    @on(Worker.StateChanged)
    def _loaded(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "dashboard":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Dashboard):
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = self.query_one("#dashboard-error", Static)
            error.update(Text(f"Could not load the data: {one_line(str(event.worker.error))}"))
            error.display = True

    def _show(self, data: Dashboard) -> None:
        if not self.app.is_running:
            # The app quit while this screen was being made (a key or a browser page
            # closing in the first moments): its panels' widgets are already going.
            return
        self.data = data
        self.query_one(KeyFigures).set_data(data)
        hints = panel_widths(*self.app.size, compact=self.compact)
        for panel in self.query(Panel):
            panel.width_hint = hints.get(panel.id or "", panel.width_hint)
            panel.set_data(data)
        self.panel(self.active_panel).focus_panel()
        self.call_after_refresh(self.post_message, self.DataShown())

    # --- panels -----------------------------------------------------------------------

    def panel(self, name: str) -> Panel:
        """The panel called ``name`` (rounds, results, competitors, sources)."""
        return self.query_one(f"#{name}", Panel)

    @property
    def compact(self) -> bool:
        """Whether the panels take turns instead of sharing the screen."""
        return self.has_class("-compact")

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        compact = width < COMPACT_BELOW[0] or height < COMPACT_BELOW[1]
        if compact != self.compact:
            self.set_class(compact, "-compact")
            self._mark_active()

    def action_focus_panel(self, name: str) -> None:
        """Focus the panel ``name``."""
        if self.maximized is not None and self.maximized is not self.panel(name):
            self.minimize()
        panel = self.panel(name)
        self.active_panel = name
        # Light the borders now, so the frame that shows the new focus shows them too.
        for other in self.query(Panel):
            other.light_border(other is panel)
        if panel.display:
            panel.focus_panel()
        else:
            # Compact layout: the panel is shown from the next refresh; focus it then.
            self.call_after_refresh(panel.focus_panel)

    def action_cycle_panel(self, step: int) -> None:
        """Next (``1``) or previous (``-1``) panel; within a panel, its own widgets first."""
        focused = self.focused
        names = [name for name, _ in PANELS]
        if not self.compact and focused is not None:
            # Let the filter box and the table of the Sources panel take their turns.
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            for node in (self.focused, *(self.focused.ancestors if self.focused else ())):
                if isinstance(node, Panel) and node.id:
                    self.active_panel = node.id
                    break
            return
        index = names.index(self.active_panel) if self.active_panel in names else 0
        self.action_focus_panel(names[(index + step) % len(names)])

    def watch_active_panel(self) -> None:
        self._mark_active()

    def _mark_active(self) -> None:
        # Only the compact layout styles the active panel. A class change restyles a
        # panel's whole subtree (and makes its table render every cell again), so the
        # 2x2 layout, where focus alone shows the active panel, skips it: that keeps
        # a focus switch to a couple of table repaints.
        compact = self.compact
        for panel in self.query(Panel):
            panel.set_class(compact and panel.id == self.active_panel, "-active")
        if compact:
            self.query_one(PanelTabs).active = self.active_panel

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        for node in (event.widget, *event.widget.ancestors):
            if isinstance(node, Panel) and node.id:
                self.active_panel = node.id
                return

    @on(PanelTabs.Chosen)
    def _tab_clicked(self, event: PanelTabs.Chosen) -> None:
        event.stop()
        self.action_focus_panel(event.name)

    def key_label(self, binding: Binding) -> str | None:
        """What ``u`` and ``m`` do now, for the key bar: the active scale; restore."""
        if binding.id == "scale":
            return f"Scale: {SCALE_LABELS[self.scale]}"
        if binding.id == "maximize" and self.maximized is not None:
            return "Restore"
        return None

    def watch_scale(self) -> None:
        self.refresh_bindings()

    def action_scale(self) -> None:
        """Switch the money scale: auto, B, M, 亿."""
        self.scale = fmt.next_scale(self.scale)
        self.notify(f"Money in {SCALE_NAMES[self.scale]}", timeout=1.5, markup=False)

    def action_maximize_panel(self) -> None:
        """Maximise the focused panel, or restore it."""
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.panel(self.active_panel), container=False)
            self.notify("Maximised: m or escape restores", timeout=2, markup=False)

    # --- linked provenance and detail ----------------------------------------------------

    @on(Panel.SelectionChanged)
    def _selection_changed(self, event: Panel.SelectionChanged) -> None:
        event.stop()
        self.query_one(SourcesPanel).show_selection(event.selection)

    @on(Panel.DetailRequested)
    def _detail_requested(self, event: Panel.DetailRequested) -> None:
        event.stop()
        from kctui.ui.detail.screen import DetailScreen

        as_of = self._as_of.shown if self._as_of is not None else None
        self.app.push_screen(DetailScreen(self.db, event.subject, self.scale, as_of))

    # --- command palette ------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The dashboard's entries in the command palette (see kctui.ui.commands)."""
        for i, (name, label) in enumerate(PANELS, 1):
            yield SystemCommand(
                f"Focus {label.lower()} panel",
                f"Key {i}: move to the {label} panel",
                lambda name=name: self.action_focus_panel(name),
            )
        results = self.query_one(ResultsPanel)
        yield SystemCommand(
            "Results: annual" if not results.annual else "Results: quarterly",
            "Key a in the Results panel: switch quarters and fiscal years",
            results.action_toggle_annual,
        )
        yield SystemCommand(
            "Switch money scale", "Key u: auto, billions, millions, 亿", self.action_scale
        )
        yield SystemCommand(
            "Maximise or restore panel",
            "Key m: the focused panel fills the screen",
            self.action_maximize_panel,
        )
        yield from self.tool_commands()
        yield from as_of_commands(self, timeline=True)
