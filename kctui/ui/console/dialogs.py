"""The console's modal dialogs: history, export, overwrite confirmation, cell viewer.

Each one is a ModalScreen that returns its answer through ``dismiss``; ``escape``
always leaves without doing anything. Data (past queries, cell values, paths) is
shown as literal text, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from kctui.core.console import export
from kctui.core.console.history import Entry
from kctui.ui.console.values import copy_text, display, literal
from kctui.ui.theme import Palette

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 110; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; padding: 0 0 1 0; }}
{name} .dialog-hint {{ color: $text-muted; }}
{name} .dialog-error {{ color: $error; }}
"""


@dataclass(frozen=True)
class HistoryChoice:
    """The query picked in the history dialog, and whether to run it right away."""

    sql: str
    run: bool


class HistoryScreen(ModalScreen[HistoryChoice | None]):
    """Past queries, newest first, filtered as you type; enter loads, f5 runs."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="HistoryScreen")
        + """
    HistoryScreen > Vertical { height: 90%; }
    HistoryScreen OptionList { height: 1fr; min-height: 5; text-wrap: nowrap; text-overflow: ellipsis; }
    HistoryScreen #history-preview {
        height: auto; max-height: 8; border-top: solid $panel-lighten-2; overflow-y: auto;
    }
    """
    )
    BINDINGS = [
        Binding("escape", "dismiss_none", "Close", id="history_close"),
        Binding("enter", "choose(False)", "Load", id="history_load", priority=True),
        Binding("f5,ctrl+j", "choose(True)", "Run", id="history_run", priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True, id="history_down"),
        Binding("up", "move(-1)", "Up", show=False, priority=True, id="history_up"),
    ]

    def __init__(self, entries: list[Entry], note: str | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.note = note
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                "Query history — type to filter · enter loads · f5 runs · escape closes",
                classes="dialog-title",
            )
            if self.note:
                yield Static(Text(self.note), classes="dialog-error")
            yield Input(placeholder="filter", id="history-filter")
            yield OptionList(id="history-list")
            yield Static(id="history-preview")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#history-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, needle: str) -> None:
        words = needle.lower().split()
        self.shown = [e for e in self.entries if all(w in e.sql.lower() for w in words)]
        palette = Palette.of(self)
        options = []
        for entry in self.shown:
            mark, style = {"ok": ("✓", palette.success), "error": ("✗", palette.error)}.get(
                entry.status, ("⊘", palette.warning)
            )
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{mark} ", style=style)
            prompt.append(entry.at.replace("T", " ")[:16], style="dim")
            rows = (
                "" if entry.rows is None else f"{entry.rows:,} row{'s' if entry.rows != 1 else ''}"
            )
            prompt.append(f" {rows:>14}  ", style="dim")
            prompt.append(literal(" ".join(entry.sql.split())))
            options.append(Option(prompt))
        olist = self.query_one(OptionList)
        olist.set_options(options)
        if options:
            olist.highlighted = 0
        else:
            self.query_one("#history-preview", Static).update(
                Text(
                    "no matching queries" if self.entries else "no queries yet", style="dim italic"
                )
            )

    @on(OptionList.OptionHighlighted, "#history-list")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.shown):
            self.query_one("#history-preview", Static).update(Text(literal(self.shown[index].sql)))

    @on(OptionList.OptionSelected, "#history-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(False)

    def action_move(self, step: int) -> None:
        """Move the highlight while the filter keeps focus."""
        olist = self.query_one(OptionList)
        if step > 0:
            olist.action_cursor_down()
        else:
            olist.action_cursor_up()

    def action_choose(self, run: bool) -> None:
        """Close with the highlighted query."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return
        self.dismiss(HistoryChoice(self.shown[index].sql, run))

    def action_dismiss_none(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


@dataclass(frozen=True)
class ExportRequest:
    """Where and how to export."""

    path: str
    fmt: str


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Asks for a file name and a format; the extension and the format follow each other."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ExportScreen")
        + """
    ExportScreen Horizontal { height: auto; }
    ExportScreen Input { width: 1fr; }
    ExportScreen Select { width: 16; }
    """
    )
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="export_cancel")]

    def __init__(
        self,
        default_path: str,
        default_format: str = "csv",
        rows: str = "",
        *,
        download: bool = False,
    ) -> None:
        """``download``: the file goes to the browser (kctui serve), so only its name counts."""
        super().__init__()
        self.default_path = default_path
        self.default_format = default_format
        self.rows = rows
        self.download = download

    def compose(self) -> ComposeResult:
        where = (
            "and the browser downloads it. Enter downloads"
            if self.download
            else "with DuckDB's COPY. Enter writes"
        )
        with Vertical():
            yield Label("Export the result", classes="dialog-title")
            yield Static(
                Text(f"Re-runs the query and writes every row{self.rows} {where}, escape cancels."),
                classes="dialog-hint",
            )
            with Horizontal():
                yield Input(self.default_path, id="export-path")
                yield Select(
                    [("CSV", "csv"), ("Parquet", "parquet"), ("JSON", "json")],
                    value=self.default_format,
                    allow_blank=False,
                    id="export-format",
                )
            yield Static(id="export-error", classes="dialog-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        fmt = export.format_for(event.value)
        select = self.query_one(Select)
        if fmt and select.value != fmt:
            select.value = fmt

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one(Input)
        fmt = str(event.value)
        if path_input.value and export.format_for(path_input.value) != fmt:
            path_input.value = export.with_format(path_input.value, fmt)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.query_one("#export-error", Static).update("Give a file name.")
            return
        self.dismiss(ExportRequest(path, str(self.query_one(Select).value)))

    def action_dismiss_none(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; ``y``/enter on Yes confirms, ``n``/escape declines."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ConfirmScreen")
        + """
    ConfirmScreen > Vertical { width: 70; }
    ConfirmScreen Horizontal { height: auto; align: center middle; }
    ConfirmScreen Button { margin: 1 2 0 2; }
    """
    )
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm_no"),
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="dialog-title")
            with Horizontal():
                yield Button("Yes (y)", id="confirm-yes", variant="warning")
                yield Button("No (n)", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class CellScreen(ModalScreen[None]):
    """The whole value of one cell, wrapped; ``c`` copies it."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CellScreen")
        + """
    CellScreen VerticalScroll { height: auto; max-height: 30; }
    """
    )
    BINDINGS = [
        Binding("escape,enter,q", "dismiss_none", "Close", id="cell_close"),
        Binding("c", "copy", "Copy", id="cell_copy"),
    ]

    def __init__(self, column: str, type_name: str, value: Any) -> None:
        super().__init__()
        self.column = column
        self.type_name = type_name
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(display(self.column), style="bold")
            title.append(f"  {self.type_name}", style="dim")
            yield Static(title, classes="dialog-title")
            body = (
                Text("NULL", style="dim italic")
                if self.value is None
                else Text(literal(copy_text(self.value)))
            )
            with VerticalScroll():
                yield Static(body, id="cell-value")
            yield Static("c copies · escape closes", classes="dialog-hint")

    def action_copy(self) -> None:
        """Copy the value to the clipboard."""
        self.app.copy_to_clipboard(copy_text(self.value))
        self.notify("Copied", timeout=2, markup=False)

    def action_dismiss_none(self) -> None:
        """Close."""
        self.dismiss(None)
