"""The timeline (``t`` on the dashboard): KC's history on one time axis.

Above, a chart of the share price (US$ per ADS) and the market value (US$ B, its own
axis) with the events and rounds marked along the floor; below, every entry in date
order (events, financing rounds, prices, market values, the impairment), and the quote
of the one under the cursor. ``enter`` opens its detail view; ``[`` ``]`` ``\\`` move
the "as known on" date the dashboard shares; ``escape`` goes back.

plotext (through textual-plotext) is imported when the screen is composed, never at
start-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from kctui.core.asof import AsOfSession
from kctui.core.db import Database
from kctui.core.timeline import Entry, Timeline, load_timeline
from kctui.ui import fmt
from kctui.ui.asof import AsOf, show_in_title
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.theme import Palette
from kctui.ui.timeline import chart
from kctui.ui.timeline.keys import AS_OF_BINDINGS, as_of_check, as_of_commands
from kctui.ui.widgets import cells
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.provenance import quote_heading, quote_text
from kctui.ui.widgets.quote_view import QuoteView
from kctui.ui.widgets.title_bar import TitleBar

TITLE = "Timeline"


class TimelineScreen(KctuiScreen):
    """Chart, entries and the quote of the entry under the cursor."""

    CSS_PATH = "timeline.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="timeline_close", tooltip="Back to the dashboard"),
        *AS_OF_BINDINGS,
    ]

    class Loaded(Message):
        """The timeline as known on the state's day arrived from the worker."""

        def __init__(self, timeline: Timeline, position: int | None) -> None:
            self.timeline = timeline
            self.position = position
            super().__init__()

    def __init__(self, db: Database, state: AsOf, scale: str = "auto") -> None:
        """``state``: the dashboard's "as known on" date, moved by this screen's keys too."""
        super().__init__(db)
        self.state = state
        self.scale = scale
        self.timeline: Timeline | None = None
        self._session: AsOfSession | None = None

    def compose(self) -> ComposeResult:
        # Only now: plotext stays off the dashboard's start-up path.
        from textual_plotext import PlotextPlot

        yield TitleBar()
        yield Static(Text("Loading…"), id="timeline-head")
        yield PlotextPlot(id="timeline-chart")
        yield KTable(id="timeline-list")
        yield QuoteView(id="timeline-quote")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(KTable).focus()
        show_in_title(self, self.state.step, TITLE)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-small")
        if self.timeline is not None:
            self.call_after_refresh(self._fill)

    # --- data -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="timeline")
    def load(self) -> None:
        """The timeline as known on the state's day, off the UI thread."""
        position = self.state.position
        if self._session is None:
            self._session = AsOfSession(self.db)
        with self._session.at(self.state.calendar.day(position)) as session:
            timeline = load_timeline(session)
        self.post_message(self.Loaded(timeline, position))

    def on_timeline_screen_loaded(self, message: Loaded) -> None:
        if message.position != self.state.position:
            return  # a later step is loading
        current = self.entry
        self.timeline = message.timeline
        show_in_title(self, self.state.step, TITLE)
        self._fill()
        if current is not None:
            self._move_to(current)

    def on_unmount(self) -> None:
        if self._session is not None:
            self._session.close()

    @property
    def entry(self) -> Entry | None:
        """The entry under the cursor."""
        if self.timeline is None or not self.timeline.entries:
            return None
        table = self.query_one(KTable)
        return self.timeline.entries[min(table.cursor_row, len(self.timeline.entries) - 1)]

    def _move_to(self, entry: Entry) -> None:
        """The cursor on ``entry`` (the same row, as known on another day), else on the
        last entry up to its day."""
        assert self.timeline is not None
        entries = self.timeline.entries
        row = next((i for i, e in enumerate(entries) if e.ref_id == entry.ref_id), None)
        if row is None:
            row = max((i for i, e in enumerate(entries) if e.day <= entry.day), default=0)
        self.query_one(KTable).move_cursor(row, 0)

    # --- drawing ------------------------------------------------------------------------

    def _fill(self) -> None:
        timeline = self.timeline
        if timeline is None:
            return
        palette = Palette.of(self)
        span = timeline.span
        where = f"{span[0].year}–{span[1].year} · " if span else ""
        about = f"{where}{len(timeline.entries)} entries · "
        room = max(20, self.size.width - 2)
        legend = chart.legend(room, 1 if self.has_class("-small") else 2)
        if len(about) + len(legend) > room * (1 if self.has_class("-small") else 2):
            about = ""  # the legend first: without it the marks say nothing
        head = Text(about, style=palette.heading) + Text(legend, style=palette.dim)
        self.query_one("#timeline-head", Static).update(head)
        table = self.query_one(KTable)
        width = table.content_size.width or self.size.width - 2
        dates = [cells.text(e.when) for e in timeline.entries]
        kinds = [cells.text(e.kind_label, style=palette.dim) for e in timeline.entries]
        figures = [
            Text(fmt.value(e.value, e.unit, self.scale), justify="right")
            if e.value is not None and e.unit
            else Text("")
            for e in timeline.entries
        ]
        fixed = [
            cells.width_of(dates, "When"),
            cells.width_of(kinds, "What"),
            cells.width_of(figures, "Figure"),
        ]
        label_width = cells.flex(width, fixed, minimum=12)
        labels = [
            cells.text(
                e.label,
                label_width,
                palette.kc if e.entity == "KC" and e.kind != "event" else "",
            )
            for e in timeline.entries
        ]
        table.replace(
            [
                (Text("When"), fixed[0]),
                (Text("What"), fixed[1]),
                (Text("Entry"), label_width),
                (Text("Figure", justify="right"), fixed[2]),
            ],
            list(zip(dates, kinds, labels, figures, strict=True)),
        )
        if not timeline.entries:
            self.query_one(QuoteView).update(Text("Nothing had been published yet."))
        self._show_entry()

    def _show_entry(self) -> None:
        """The chart, with the cursor's entry marked, and its quote."""
        from textual_plotext import PlotextPlot

        timeline = self.timeline
        if timeline is None:
            return
        entry = self.entry
        chart.draw(self.query_one(PlotextPlot), timeline, entry, self.app.current_theme)
        if entry is None:
            return
        palette = Palette.of(self)
        x = timeline.excerpts.get(entry.excerpt_id)
        doc = timeline.sources.get(entry.source_id)
        # Where it is from on top (the row under the cursor says what it is), the quote
        # under it, scrolled to the figure's words.
        if x is None:
            self.query_one(QuoteView).update(Text(f"excerpt {entry.excerpt_id} not loaded"))
            return
        head = quote_heading(x.excerpt_id, doc, x.first_line, x.last_line, palette)
        highlights = (entry.as_stated,) if entry.as_stated else ()
        body = quote_text(x.text, highlights, palette.highlight)
        anchor = ("", entry.as_stated) if entry.as_stated else None
        self.query_one(QuoteView).update(body, anchor=anchor, head=head)

    @on(KTable.Highlighted, "#timeline-list")
    def _cursor_moved(self, event: KTable.Highlighted) -> None:
        event.stop()
        self._show_entry()

    @on(KTable.Selected, "#timeline-list")
    def _open(self, event: KTable.Selected) -> None:
        event.stop()
        entry = self.entry
        if entry is None:
            return
        from kctui.ui.detail.screen import DetailScreen

        self.app.push_screen(DetailScreen(self.db, entry.subject, self.scale, self.state.step))

    # --- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return as_of_check(self.state, action, parameters)

    def action_as_of(self, delta: int) -> None:
        """The timeline as known on the previous (``-1``) or next (``1``) source's date."""
        refused = self.state.move(delta)
        if refused is not None:
            self.notify(refused, timeout=2, markup=False)
            return
        self._moved()

    def action_as_of_today(self) -> None:
        """The timeline as known today."""
        if self.state.today():
            self._moved()

    def _moved(self) -> None:
        self.refresh_bindings()
        show_in_title(self, self.state.step, TITLE)
        self.load()

    def action_close(self) -> None:
        """Back to the dashboard (which follows the date moved here)."""
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from as_of_commands(self)
