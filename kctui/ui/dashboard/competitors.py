"""Panel 3: competitors: market share over time, 2021 cloud revenue, the stock page's peers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult

from kctui.core.model import Figure, Selection
from kctui.core.panels import CompetitorRow
from kctui.ui import fmt
from kctui.ui.dashboard.panel import Panel
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.ktable import KTable

NOTE_LABELS = {
    "market_rank": "#{}",
    "revenue_yoy": "{} YoY",
    "revenue_ttm": "TTM rev {}",
    "revenue_ttm_yoy": "{} YoY",
    "pe_ttm": "P/E {}",
    "roe_ttm": "ROE {}",
    "gross_margin": "GM {}",
}
BAR_WIDTH = (6, 24)
"""Narrowest and widest bar, in cells."""


def note_text(fig: Figure, scale: str) -> str:
    """A figure as a short note: ``#1``, ``+102.0% YoY``, ``P/E 19.4x``."""
    if fig.key.metric == "market_rank":
        shown = fmt.count(fig.value)
    else:
        shown = fmt.value(fig.value, fig.key.unit, scale, metric=fig.key.metric)
    marks = ("*" if fig.derived else "") + ("⚠" if fig.conflict else "")
    return NOTE_LABELS.get(fig.key.metric, fig.label + " {}").format(shown) + marks


class CompetitorsPanel(Panel):
    """Bars drawn in the terminal: shares, revenues and market values side by side."""

    PANEL_KEY = "3"
    PANEL_TITLE = "Competitors"

    def compose(self) -> ComposeResult:
        yield KTable(id="competitors-table")

    @property
    def rows(self) -> tuple[CompetitorRow, ...]:
        return self.data.competitors if self.data else ()

    def rebuild(self) -> None:
        if self.data is None:
            return
        palette = Palette.of(self)
        names, values, notes = [], [], []
        for row in self.rows:
            if row.heading:
                names.append(cells.text(row.name, style=palette.heading))
                values.append(Text(""))
                notes.append(Text(""))
                continue
            names.append(
                cells.text(fmt.short_name(row.name), 16, style=palette.kc if row.is_kc else "")
            )
            values.append(cells.figure(row.figure, self.scale, palette))
            parts = [row.period] if row.show_period and row.period else []
            parts += [note_text(n, self.scale) for n in row.notes]
            notes.append(cells.text(" · ".join(parts)))
        fixed = [cells.width_of(names, "Name"), cells.width_of(values, "Value")]
        room = cells.flex(self.inner_width, fixed, minimum=BAR_WIDTH[0] + 8)
        # The notes first (what the Also column says is cut only when there is no room),
        # the bars in what is left, between their least and most.
        needed = max((n.cell_len for n in notes), default=0)
        bar_width = max(
            BAR_WIDTH[0], min(BAR_WIDTH[1], room * 2 // 5, room - needed - cells.CELL_PADDING)
        )
        notes_width = max(6, room - bar_width - cells.CELL_PADDING)
        body = []
        for row, name, value, note in zip(self.rows, names, values, notes, strict=True):
            if row.heading:
                # The section says what it compares where the bars will be.
                body.append(
                    [name, value, Text(""), cells.text(row.section, notes_width, palette.dim)]
                )
                continue
            bar = Text(
                fmt.bar(row.figure.value if row.figure else None, row.maximum, bar_width),
                style=palette.kc if row.is_kc else palette.accent,
            )
            note.truncate(notes_width, overflow="ellipsis")
            body.append([name, value, bar, note])
        self.table.replace(
            [
                (Text("Name"), fixed[0]),
                (Text("Value", justify="right"), fixed[1]),
                (Text(""), bar_width),
                (Text("Also"), notes_width),
            ],
            body,
            skip=[i for i, row in enumerate(self.rows) if row.heading],
        )
        self.border_subtitle = "bars: share · revenue · market value"

    def current_selection(self) -> Selection | None:
        if not self.rows:
            return None
        row = self.rows[min(self.table.cursor_row, len(self.rows) - 1)]
        return row.selection
