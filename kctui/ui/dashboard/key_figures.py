"""The header strip: KC's key figures, each with the date it speaks of.

Clicking a figure shows the quotes behind it in the Sources panel.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.reactive import reactive
from textual.widgets import Static

from kctui.core.dashboard import Dashboard
from kctui.core.panels import KeyFigure
from kctui.core.text import one_line, truncate
from kctui.ui import fmt
from kctui.ui.dashboard.panel import Panel
from kctui.ui.theme import Palette

CARDS = 4


class KeyFigureCard(Static):
    """One key figure: label, value (and change), as-of date."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="key-figure")
        self.figure: KeyFigure | None = None

    def show(self, figure: KeyFigure | None, scale: str, loaded: bool = True) -> None:
        self.figure = figure
        palette = Palette.of(self)
        width = max(8, self.content_size.width or 18)
        if figure is None:
            self.update(Text("loading…" if not loaded else "", style=palette.dim))
            return
        value = (
            fmt.value(figure.amount, figure.unit, scale)
            if figure.unit
            else fmt.number(figure.amount)
            if figure.amount is not None
            else fmt.MISSING
        )
        line2 = Text(value, style=palette.heading)
        if figure.change is not None:
            line2.append(f" {fmt.percent(figure.change, signed=True)}", palette.accent)
            if figure.change_label and line2.cell_len + len(figure.change_label) + 1 <= width:
                line2.append(f" {figure.change_label}", palette.dim)
        label = figure.label
        if len(label) > width:
            label = fmt.short_label(label)
        out = Text(truncate(one_line(label), width), style=palette.dim)
        out.append("\n")
        line2.truncate(width, overflow="ellipsis")
        out.append_text(line2)
        out.append("\n")
        as_of = f"as of {figure.as_of}"
        out.append(truncate(as_of if len(as_of) <= width else figure.as_of, width), palette.dim)
        self.update(out)

    def on_click(self, event: Click) -> None:
        if self.figure is not None:
            self.post_message(Panel.SelectionChanged(self.figure.selection))


class KeyFigures(Horizontal):
    """Latest quarter's revenue and YoY, latest FY gross margin, market value, raised."""

    scale: reactive[str] = reactive("auto", init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Dashboard | None = None

    def compose(self) -> ComposeResult:
        for i in range(CARDS):
            yield KeyFigureCard(id=f"key-figure-{i}")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())
        self._draw()

    def set_data(self, data: Dashboard) -> None:
        self.data = data
        self._draw()

    def watch_scale(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        figures = self.data.key_figures if self.data else ()
        for i, card in enumerate(self.query(KeyFigureCard)):
            card.show(figures[i] if i < len(figures) else None, self.scale, self.data is not None)
