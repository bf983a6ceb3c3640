"""Panel 1: financing rounds, from Xiaomi's first cheque through the IPO.

The IPO raised an amount no source states; its row shows the price per ADS instead
(the ``ipo_price`` figure, when a source known then states it), saying so.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

from kctui.core.model import SUBJECT_ENTITY, Figure, RoundRow, Selection
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

    def ipo_price(self) -> Figure | None:
        """The IPO's price per ADS, if a source states it."""
        if self.data is None:
            return None
        index = self.data.index
        keys = [k for k in index.keys_of.get(SUBJECT_ENTITY, ()) if k.metric == "ipo_price"]
        return next((f for k in sorted(keys) if (f := index.figure(k)) is not None), None)

    def rebuild(self) -> None:
        if self.data is None:
            return
        palette = Palette.of(self)
        dates = [cells.text(r.when) for r in self.rows]
        names = [cells.text(r.round) for r in self.rows]
        price = self.ipo_price()
        amounts = [
            Text(fmt.money(r.amount, r.currency, self.scale), justify="right")
            if r.amount is not None and r.currency
            else Text(f"{fmt.value(price.value, price.key.unit)}/ADS", justify="right")
            if r.round == "IPO" and price is not None
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
                ("IPO price; proceeds not stated" if price else "IPO (no proceeds stated)")
                if r.round == "IPO"
                else "not named",
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
        selection = row.selection()
        price = self.ipo_price() if row.round == "IPO" else None
        if price is None or self.data is None:
            return selection
        # The price's own quote beside the round's, and the figure over them.
        quotes = selection.quotes + tuple(
            q for q in self.data.index.quotes([price]) if q not in selection.quotes
        )
        return selection._replace(quotes=quotes, figures=(price,))
