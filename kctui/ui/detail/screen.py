"""The detail view of one figure, financing round or excerpt (``enter`` on any row).

A plotext chart of the metric over time (gaps left as gaps), then every statement
behind it: source, date, language, the words as stated and the normalised value, with
the quote and the figure highlighted in it. When sources disagree the quotes stand side
by side. A derived figure shows its formula and lists its inputs; ``enter`` on one
opens that input's own detail view. ``escape`` goes back.

plotext (through textual-plotext) is imported here, when a detail view is composed,
never at start-up.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kctui.core.db import Database
from kctui.core.detail import Card, Detail, Point, load_detail
from kctui.core.model import ExcerptRef, Subject
from kctui.core.text import one_line, visible
from kctui.ui import fmt
from kctui.ui.screens.base import KctuiScreen
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.key_bar import KeyBar
from kctui.ui.widgets.ktable import KTable
from kctui.ui.widgets.provenance import document_line, quote_text
from kctui.ui.widgets.title_bar import TitleBar

_SCALE_FACTORS = {"B": 1e9, "M": 1e6, "亿": 1e8}
BACK_HINT = "escape: back"


def chart_scale(points: tuple[Point, ...], unit: str | None, scale: str) -> tuple[float, str]:
    """Divisor and axis label for ``points`` in ``unit`` at the user's ``scale``."""
    if unit not in fmt.MONEY_UNITS:
        return 1.0, unit or ""
    prefix = fmt.CURRENCY_PREFIX[unit]
    if scale in _SCALE_FACTORS:
        return _SCALE_FACTORS[scale], f"{prefix} {scale}"
    top = max((abs(p.value) for p in points if p.value is not None), default=0.0)
    if top >= 1e9:
        return 1e9, f"{prefix} B"
    if top >= 1e6:
        return 1e6, f"{prefix} M"
    return 1.0, prefix


class CardView(Static, can_focus=True):
    """One statement and its quote (focusable: ``o`` opens the quote's document)."""

    def __init__(self, card: Card, scale: str) -> None:
        super().__init__(classes="detail-card")
        self.card = card
        self.scale = scale

    def on_mount(self) -> None:
        self.update(self.render_card())

    def render_card(self) -> Text:
        """Where from (document, date, language, lines), what it says (as stated and
        normalised), the quote, then the curator's note and the document's title and URL."""
        card, palette = self.card, Palette.of(self)
        out = Text()
        if card.source is not None:
            out.append_text(document_line(card.source, palette))
            first, last = card.first_line, card.last_line
            where = f" · {fmt.lines(first, last)}" if first and last else ""
            out.append(f" · {card.excerpt_id}{where}\n", palette.dim)
        if card.value is not None or card.qualifier == "derived":
            value = fmt.value(card.value, card.unit, self.scale, metric=card.metric)
            if card.as_stated:
                out.append("as stated ", palette.dim)
                out.append(f"“{one_line(card.as_stated)}”", palette.highlight)
                out.append(" → ", palette.dim)
            out.append(value, palette.heading)
            out.append(f" · {card.qualifier} · {card.period} · {card.fact_id}", palette.dim)
            if card.qualifier == "derived" and card.formula:
                out.append(f"\n{cells.DERIVED_MARK} {one_line(card.formula)}", palette.dim)
            out.append("\n")
        if card.caveat:
            out.append(f"! {one_line(card.caveat)}\n", palette.warning)
        if card.excerpt:
            out.append("\n")
            out.append_text(quote_text(card.excerpt, card.highlights, palette.highlight))
            out.append("\n")
        elif card.qualifier == "derived":
            out.append(
                "No source states this figure: it is computed from the inputs listed above.\n",
                palette.dim,
            )
        if card.note:
            out.append(f"\nnote: {one_line(card.note)}", palette.dim)
        if card.source is not None:
            out.append(f"\nfrom: {one_line(card.source.title)}", palette.dim)
            if card.source.url:
                out.append(f"\n{visible(card.source.url)}", palette.dim)
        out.rstrip()
        return out


class DetailScreen(KctuiScreen):
    """Chart and provenance of one subject."""

    CSS_PATH = "detail.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="detail_close", tooltip="Close the detail view"),
        Binding(
            "o",
            "open_document",
            "Document",
            id="detail_open_document",
            tooltip="The whole source document of the focused (or first) quote",
        ),
    ]

    class Loaded(Message):
        """The detail's data arrived from the worker."""

        def __init__(self, detail: Detail) -> None:
            self.detail = detail
            super().__init__()

    def __init__(self, db: Database, subject: Subject, scale: str = "auto") -> None:
        super().__init__(db)
        self.subject = subject
        self.scale = scale
        self.detail: Detail | None = None

    def compose(self) -> ComposeResult:
        # Only now: plotext stays off the dashboard's start-up path.
        from textual_plotext import PlotextPlot

        yield TitleBar()
        with VerticalScroll(id="detail-body"):
            yield Static(Text(f"Loading…  ({BACK_HINT})"), id="detail-head")
            yield PlotextPlot(id="detail-chart")
            yield Static(id="detail-links-title", classes="detail-section")
            yield KTable(id="detail-links")
            yield Static(id="detail-cards-title", classes="detail-section")
            yield Container(id="detail-cards")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 32, "-small")

    def on_mount(self) -> None:
        self.query_one("#detail-chart").display = not isinstance(self.subject, ExcerptRef)
        self.query_one("#detail-links").display = False
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load(self) -> None:
        """Fetch the detail off the UI thread."""
        self.post_message(self.Loaded(load_detail(self.db, self.subject)))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.query_one("#detail-head", Static).update(
                Text(f"Could not load this detail: {one_line(str(error))}")
            )

    def on_detail_screen_loaded(self, message: Loaded) -> None:
        self.detail = detail = message.detail
        palette = Palette.of(self)
        self.sub_title = one_line(detail.title)
        head = Text(one_line(detail.title), style=palette.heading)
        # The figure the dashboard shows (best_facts, as charted), else the first statement.
        best = next((p.value for p in detail.points if p.period == detail.highlight), None)
        shown = next(
            (c for c in detail.cards if c.value == best and c.unit == detail.unit), None
        ) or next((c for c in detail.cards if c.value is not None), None)
        if shown is not None and not isinstance(detail.subject, ExcerptRef):
            head.append("\n")
            head.append(
                fmt.value(shown.value, shown.unit, self.scale, metric=shown.metric),
                palette.heading,
            )
            head.append(f" {shown.qualifier}", palette.dim)
        if detail.conflict:
            values = " vs ".join(
                sorted(
                    {
                        fmt.value(c.value, c.unit, self.scale, metric=c.metric)
                        for c in detail.cards
                        if c.value is not None and c.unit == detail.unit
                    }
                )
            )
            head.append(
                f"\n{cells.CONFLICT_MARK} Sources disagree: {values}. "
                "Their quotes stand side by side below.",
                palette.warning,
            )
            for item in detail.disagreements:
                who = f"likely wrong: {item.likely_wrong} · " if item.likely_wrong else ""
                head.append(
                    f"\n  {item.fact_a} vs {item.fact_b}: {who}{one_line(item.cause)}",
                    palette.warning,
                )
        if detail.formula:
            head.append(f"\n{cells.DERIVED_MARK} derived: {one_line(detail.formula)}", palette.dim)
        hint = BACK_HINT + (" · enter on a row below opens it" if detail.links else "")
        if any(c.excerpt_id for c in detail.cards):
            hint += " · o: a quote in its document"
        head.append(f"\n{hint}", palette.dim)
        self.query_one("#detail-head", Static).update(head)
        self._draw_chart(detail)
        self._fill_links(detail, palette)
        self._fill_cards(detail)

    # --- chart ------------------------------------------------------------------------

    def _draw_chart(self, detail: Detail) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one(PlotextPlot)
        if not detail.points:
            plot.display = False
            return
        plt = plot.plt
        plt.clear_figure()
        divisor, axis = chart_scale(detail.points, detail.unit, self.scale)
        theme = self.app.current_theme
        colour = _rgb(theme.primary)
        marked = _rgb(theme.warning or theme.accent or theme.primary)
        xs = list(range(1, len(detail.points) + 1))
        labels = [one_line(p.period) for p in detail.points]
        if detail.bars:
            values = [(p.value or 0.0) / divisor for p in detail.points]
            plt.bar(xs, values, color=colour, width=0.6)
            for x, p, v in zip(xs, detail.points, values, strict=True):
                if p.period == detail.highlight:
                    plt.bar([x], [v], color=marked, width=0.6, reset_ticks=False)
        else:
            # One line per run of reported periods: a gap is never bridged.
            run_x: list[int] = []
            run_y: list[float] = []
            for x, p in [*zip(xs, detail.points, strict=True), (0, Point("", None))]:
                if p.value is not None:
                    run_x.append(x)
                    run_y.append(p.value / divisor)
                    continue
                if len(run_x) > 1:
                    plt.plot(run_x, run_y, color=colour, marker="braille")
                if run_x:
                    plt.scatter(run_x, run_y, color=colour, marker="●")
                run_x, run_y = [], []
            for x, p in zip(xs, detail.points, strict=True):
                if p.period != detail.highlight or p.value is None:
                    continue
                # Where sources disagree, every other stated value at the same spot (drawn
                # first: the figure shown stays on top where they share a row).
                others = {
                    c.value
                    for c in detail.cards
                    if detail.conflict
                    and c.value is not None
                    and c.value != p.value
                    and c.unit == detail.unit
                    and c.period == p.period
                }
                for other in sorted(others):
                    plt.scatter([x], [other / divisor], color=marked, marker="×")
                plt.scatter([x], [p.value / divisor], color=marked, marker="◆")
            gaps = [x for x, p in zip(xs, detail.points, strict=True) if p.value is None]
            if gaps:
                plt.xlabel(f"gaps: {len(gaps)} period(s) not reported")
        # Label only as many ticks as fit side by side.
        room = max(1, (plot.size.width or 80) - 10)
        widest = max(len(label) for label in labels) + 2
        step = max(1, -(-len(labels) * widest // room))
        plt.xticks([float(x) for x in xs[::step]], labels[::step])
        plt.xlim(0.5, len(xs) + 0.5)
        # Include zero: a line from 274 to 344 drawn from the floor reads as a fivefold rise.
        shown = [p.value / divisor for p in detail.points if p.value is not None]
        if shown:
            low, high = min(0.0, *shown), max(0.0, *shown)
            pad = (high - low) * 0.08 or 1.0
            plt.ylim(low - (pad if low < 0 else 0), high + pad)
        plt.title(one_line(detail.chart_title))
        plt.ylabel(axis)
        plot.refresh()

    # --- links and cards ------------------------------------------------------------

    def _fill_links(self, detail: Detail, palette: Palette) -> None:
        table = self.query_one("#detail-links", KTable)
        title = self.query_one("#detail-links-title", Static)
        if not detail.links:
            title.display = False
            return
        title.update(Text(f"{detail.links_title} (enter opens one)", style=palette.heading))
        rows = [
            [
                cells.text(link.fact_id, style=palette.dim),
                cells.text(link.label),
                cells.text(link.period),
                Text(
                    fmt.value(link.value, link.unit, self.scale, metric=link.metric),
                    justify="right",
                ),
                cells.text(link.as_stated or "", 40),
            ]
            for link in detail.links
        ]
        table.replace(
            [(Text(h), None) for h in ("Id", "Figure", "Period", "Value", "As stated")], rows
        )
        table.styles.height = len(rows) + 1
        table.display = True
        table.focus()

    def _fill_cards(self, detail: Detail) -> None:
        box = self.query_one("#detail-cards", Container)
        title = self.query_one("#detail-cards-title", Static)
        count = len(detail.cards)
        title.update(
            Text(
                "The quote"
                if isinstance(detail.subject, ExcerptRef)
                else f"{count} statement{'s' if count != 1 else ''} behind it"
                + (" — side by side, they disagree" if detail.conflict else ""),
                style=Palette.of(self).heading,
            )
        )
        box.set_class(detail.conflict and count > 1, "-side-by-side")
        box.remove_children()
        box.mount_all(CardView(card, self.scale) for card in detail.cards)
        if not detail.links:
            self.query_one("#detail-body").focus()

    @on(KTable.Selected, "#detail-links")
    def _open_link(self, event: KTable.Selected) -> None:
        event.stop()
        if self.detail is None:
            return
        link = self.detail.links[event.coordinate.row]
        self.app.push_screen(DetailScreen(self.db, link.subject, self.scale))

    def action_open_document(self) -> None:
        """The source document of the focused statement's quote (else the first quote)."""
        if self.detail is None:
            self.notify("Still loading this figure's statements; try again", markup=False)
            return
        focused = self.focused
        cards = [focused.card] if isinstance(focused, CardView) else []
        cards += [c for c in (self.detail.cards if self.detail else ()) if c not in cards]
        card = next((c for c in cards if c.source is not None and c.excerpt_id), None)
        if card is None or card.source is None:
            self.notify("No quote here: nothing to open in its document", markup=False)
            return
        from kctui.ui.document.screen import open_document

        open_document(self, card.source.source_id, card.excerpt_id, card.highlights)

    def action_close(self) -> None:
        """Back to where the detail view was opened."""
        self.dismiss()


def _rgb(colour: str | None) -> tuple[int, int, int]:
    from textual.color import Color

    parsed = Color.parse(colour or "white")
    return (parsed.r, parsed.g, parsed.b)
