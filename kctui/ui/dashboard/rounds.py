"""Panel 1: financing rounds, from Xiaomi's first cheque through the IPO."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

from kctui.core.model import RoundRow, Selection
from kctui.ui import fmt
from kctui.ui.dashboard.panel import Panel
from kctui.ui.theme import Palette
from kctui.ui.widgets import cells
from kctui.ui.widgets.ktable import KTable


class RoundsPanel(Panel):
    """Date, round, amount and investors of every round; the cumulative raised; the total."""

    PANEL_KEY = "1"
    PANEL_TITLE = "Financing rounds"

    def compose(self) -> ComposeResult:
        yield KTable(id="rounds-table")
        with Horizontal(id="rounds-raised", classes="panel-footline"):
            yield Static(Text("Raised"), id="rounds-raised-label", classes="footline-label")
            yield Sparkline([], id="rounds-sparkline")
            yield Static(id="rounds-total", classes="footline-value")

    @property
    def rows(self) -> tuple[RoundRow, ...]:
        return self.data.rounds if self.data else ()

    def rebuild(self) -> None:
        if self.data is None:
            return
        palette = Palette.of(self)
        dates = [cells.text(r.when) for r in self.rows]
        names = [cells.text(r.round) for r in self.rows]
        amounts = [
            Text(fmt.money(r.amount, r.currency, self.scale), justify="right")
            if r.amount is not None and r.currency
            else cells.missing(palette)
            for r in self.rows
        ]
        widths = [
            cells.width_of(dates, "Date"),
            cells.width_of(names, "Round"),
            cells.width_of(amounts, "Amount"),
        ]
        investors_width = cells.flex(self.inner_width, widths)
        investors = [
            cells.text(r.investors, investors_width)
            if r.investors
            else cells.text(
                "IPO (no proceeds stated)" if r.round == "IPO" else "not named",
                investors_width,
                palette.dim,
            )
            for r in self.rows
        ]
        self.table.replace(
            [
                (Text("Date"), widths[0]),
                (Text("Round"), widths[1]),
                (Text("Amount", justify="right"), widths[2]),
                (Text("Investors"), investors_width),
            ],
            list(zip(dates, names, amounts, investors, strict=True)),
        )
        cumulative = [r.cumulative for r in self.rows if r.cumulative is not None]
        self.query_one(Sparkline).data = cumulative
        total = self.data.raised_total
        currency = self.data.raised_currency
        label = (
            f"{fmt.money(total, currency, self.scale)} before the IPO"
            if total is not None and currency
            else "total not stated"
        )
        self.query_one("#rounds-total", Static).update(Text(label))

    def current_selection(self) -> Selection | None:
        if not self.rows:
            return None
        row = self.rows[min(self.table.cursor_row, len(self.rows) - 1)]
        return row.selection()
