"""The help screen: every key of kctui on one page (``?``)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

# (where, keys, what) — the single list the help screen shows. Keep it in step with
# the bindings of each screen (a test compares them).
KEYS: tuple[tuple[str, str, str], ...] = (
    ("everywhere", "ctrl+q", "Quit (q too, outside the editor)"),
    ("everywhere", "f2", "Toggle the SQL console"),
    ("everywhere", "ctrl+p", "Command palette: panels, views, saved queries, themes"),
    ("everywhere", "?", "This help (outside the editor)"),
    ("everywhere", "tab / shift+tab", "Next / previous panel or widget"),
    ("everywhere", "escape", "Close a dialog or detail view"),
    ("dashboard", "1 2 3 4", "Focus financing rounds · results · competitors · sources"),
    ("dashboard", "tab / shift+tab", "Next / previous panel (one at a time below 100x30)"),
    ("dashboard", "↑ ↓ ← → / j k", "Move the cursor; the Sources panel shows the quotes behind it"),
    ("dashboard", "enter", "Detail view: chart over time and every quote behind the row"),
    ("dashboard", "u", "Switch the money scale: auto · billions · millions · 亿"),
    ("dashboard", "m", "Maximise the focused panel, or restore it (escape restores too)"),
    ("dashboard", "a", "Results panel: switch quarterly and annual (FY2017 onward)"),
    ("dashboard", "g", "Coverage grid: metric × period, statements per figure, ⚠ and * marks"),
    ("dashboard", "o", "The quote shown, in its whole source document"),
    ("dashboard", "/", "Sources panel: filter documents and excerpts by text"),
    ("dashboard", "t", "Timeline: events, rounds, share price and market value on one axis"),
    ("dashboard", "[ / ]", "As known on the previous / next source's date"),
    ("dashboard", "\\", "Back to today (every source)"),
    ("dashboard", "escape", "Sources panel: clear the filter"),
    ("dashboard", "mouse", "Click a row, a tab or a key figure; scroll any panel"),
    ("dashboard", "f", "Find a figure by words or a number (net loss 2021, 74.67, 融资)"),
    ("dashboard", "y / Y", "Copy a citation of what the cursor is on: plain text / Markdown"),
    ("timeline", "↑ ↓ / j k", "Move through the entries; the chart marks the one under the cursor"),
    ("timeline", "enter", "Detail view of the entry: its figure, round or excerpt"),
    ("timeline", "escape", "Back to the dashboard (on the date shown)"),
    ("timeline", "[ / ] \\", "As known on: earlier, later, today (the dashboard follows)"),
    ("detail view", "enter", "Open the input (or stated figure) under the cursor"),
    ("detail view", "o", "The focused (else the first) statement's quote in its document"),
    ("detail view", "escape", "Back to the dashboard (or the previous detail)"),
    ("detail view", "c", "Compare: add another series of the same unit to the chart (a list)"),
    ("detail view", "C", "Remove the series compared last"),
    ("coverage", "arrows", "Move over the grid; the line below says what is behind the cell"),
    ("coverage", "enter", "Detail view of the figure (on a label: its latest figure)"),
    ("coverage", "escape", "Back to the dashboard"),
    ("detail view", "tab", "Move between the inputs and the statements"),
    ("detail view", "y / Y", "Copy a citation of the focused statement or input, else the figure"),
    ("document", "n / N", "Next / previous quote of the document (or search match)"),
    ("document", "/", "Search the document; enter: next match; escape clears"),
    ("document", "escape", "Close the search, clear it, then back"),
    ("find", "type", "Words or a number; the best figures are ranked as you type"),
    ("find", "↓ / tab", "Move to the results"),
    ("find", "enter", "Open the highlighted figure's detail view (escape comes back)"),
    ("find", "y / Y", "Copy a citation of the highlighted figure: plain text / Markdown"),
    ("find", "escape", "Back to the dashboard"),
    ("console", "f5 / ctrl+j", "Run the statement under the cursor, or the selection"),
    ("console", "shift+f5", "Run every statement in the editor, in order"),
    ("console", "escape", "Cancel the running query (or close the completion list)"),
    ("console", "ctrl+space", "Complete a table, column, function or keyword name"),
    ("console", "tab / enter", "Accept the highlighted completion"),
    ("console", "ctrl+r", "Query history: type to filter, enter loads, f5 runs"),
    ("console", "ctrl+s", "Export the result to CSV, Parquet or JSON"),
    ("console", "enter", "Schema: insert the name; results: view the whole cell"),
    ("console", "space", "Schema: expand or collapse a table"),
    ("console", "c / r", "Results: copy the cell / the row (tab-separated)"),
    ("console", "ctrl+end", "Results: last loaded row (more rows load as you go)"),
)


class HelpScreen(ModalScreen[None]):
    """A modal table of every key; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; padding: 0 0 1 0; }
    HelpScreen DataTable { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help_close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("kctui keys — escape to close", id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """Every key; "Does" wraps to the width there is, so nothing is cut off."""
        table = self.query_one(DataTable)
        width = self.query_one(VerticalScroll).content_size.width or 100
        where_width = max(cell_len(where) for where, _, _ in KEYS)
        key_width = max(cell_len(key) for _, key, _ in KEYS)
        # Three cells of padding (two each) and the table's own scrollbar.
        does_width = max(20, width - where_width - key_width - 3 * 2 - 3)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column("Where", width=where_width)
        table.add_column("Key", width=key_width)
        table.add_column("Does", width=does_width)
        for where, key, what in KEYS:
            # Text, not str: a str cell would be read as markup.
            table.add_row(Text(where), Text(key), Text(what), height=None)
        table.move_cursor(row=cursor, animate=False)
