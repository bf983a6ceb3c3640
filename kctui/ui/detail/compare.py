"""Compare (``c`` in the detail view): choose another series of the chart's unit to add.

The choice is a small list (:class:`CompareScreen`): the same metric for other entities
first (Alibaba Cloud's market share beside KC's), then the entity's other metrics in the
same unit (net loss beside revenue, both in yuan), as :func:`kctui.core.series.comparable`
ranks them. Only series of the chart's unit are ever offered, so a chart never puts two
currencies or units on one axis.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kctui.core.series import Candidate, ChartSeries, kinds_text
from kctui.core.text import one_line
from kctui.ui import fmt


class CompareScreen(ModalScreen[Candidate | None]):
    """A list of the series that may join the chart; enter adds one, escape adds none."""

    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CompareScreen #compare-title { height: auto; padding: 0 0 1 0; }
    CompareScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="compare_cancel")]

    def __init__(self, base: ChartSeries, candidates: tuple[Candidate, ...]) -> None:
        super().__init__()
        self.base = base
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        base = self.base
        title = Text("Compare ", style="bold")
        title.append(one_line(base.name), "bold")
        title.append(
            f" with… (one axis, so one unit: {fmt.unit_text(base.key.unit)}, "
            f"{kinds_text(base.key.kinds)})\nenter adds the series · escape: back"
        )
        with Vertical():
            yield Static(title, id="compare-title")
            yield OptionList(*self._options(), id="compare-options")

    def _options(self) -> list[Option]:
        options: list[Option] = []
        groups = (
            (True, f"{one_line(self.base.label)}, other companies"),
            (False, f"{one_line(self.base.entity_name)}: other figures in the same unit"),
        )
        for same, heading in groups:
            members = [(i, c) for i, c in enumerate(self.candidates) if c.same_metric == same]
            if not members:
                continue
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for index, candidate in members:
                name = candidate.entity_name if same else candidate.label
                line = Text(f"  {one_line(name)}")
                count = candidate.periods
                periods = f"{count} period{'s' if count != 1 else ''}"
                line.append(f"  {periods}: {one_line(candidate.span)}", "dim")
                options.append(Option(line, id=str(index)))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        first = next((i for i, o in enumerate(options.options) if not o.disabled), None)
        options.highlighted = first

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.candidates[int(event.option.id)])
