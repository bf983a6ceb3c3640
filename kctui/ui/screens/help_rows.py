"""The help screen's rows and every binding id's default keys (see kctui.ui.screens.help).

:data:`ROWS` is the single list the help shows; each row names the binding ids it
stands for. :data:`BINDING_IDS` maps every binding id of kctui to its default keys. A
test compares both with the bindings of every screen and widget.
"""

from __future__ import annotations

from typing import NamedTuple


class Row(NamedTuple):
    """One line of the help: where, which keys, what they do, and their binding ids."""

    where: str
    keys: str
    does: str
    ids: tuple[str, ...] = ()


ROWS: tuple[Row, ...] = (
    Row(
        "everywhere",
        "ctrl+q",
        "Quit (q too, outside the console); SQL buffers are kept",
        ("quit", "quit_q", "too_small_quit"),
    ),
    Row("everywhere", "f2", "Toggle the SQL console", ("toggle_console",)),
    Row("everywhere", "ctrl+p", "Command palette: panels, views, saved queries, themes, help"),
    Row(
        "everywhere",
        "?",
        "This help (outside the editor); escape, q or ? closes it",
        ("help", "help_close"),
    ),
    Row(
        "everywhere",
        "f1",
        "The focused widget's keys at the side; escape closes them",
        ("keys_panel", "keys_panel_close"),
    ),
    Row("everywhere", "tab / shift+tab", "Next / previous panel or widget"),
    Row(
        "everywhere",
        "↑ ↓ ← → pgup pgdn",
        "Move the cursor in a table, a page at a time with pgup/pgdn",
        ("grid_up", "grid_down", "grid_left", "grid_right", "grid_page_up", "grid_page_down"),
    ),
    Row(
        "everywhere",
        "escape",
        "Close a dialog or the detail view; restore a maximised panel",
        ("detail_close", "input_cancel", "export_cancel", "cell_close", "history_close"),
    ),
    Row(
        "everywhere",
        "y / n",
        "Answer a question (enter on the button too)",
        ("confirm_yes", "confirm_no"),
    ),
    Row(
        "dashboard",
        "1 2 3 4",
        "Focus financing rounds · results · competitors · sources",
        ("focus_rounds", "focus_results", "focus_competitors", "focus_sources"),
    ),
    Row(
        "dashboard",
        "tab / shift+tab",
        "Next / previous panel (one at a time below 100x30)",
        ("next_panel", "previous_panel"),
    ),
    Row(
        "dashboard",
        "j k / home end",
        "Cursor down / up; first / last row (ctrl+home, ctrl+end too)",
        ("table_down", "table_up", "table_first_row", "table_last_row"),
    ),
    Row(
        "dashboard",
        "enter",
        "Detail view: chart over time and every quote behind the row",
        ("table_detail",),
    ),
    Row("dashboard", "u", "Switch the money scale: auto · billions · millions · 亿", ("scale",)),
    Row(
        "dashboard",
        "m",
        "Maximise the focused panel, or restore it (escape restores too)",
        ("maximize",),
    ),
    Row(
        "dashboard",
        "a",
        "Results panel: switch quarterly and annual (FY2017 onward)",
        ("results_toggle",),
    ),
    Row("dashboard", "o", "The quote shown, in its whole source document", ("open_document",)),
    Row(
        "dashboard",
        "/",
        "Sources panel: filter documents and excerpts by text",
        ("sources_filter",),
    ),
    Row("dashboard", "escape", "Sources panel: clear the filter", ("sources_filter_clear",)),
    Row(
        "dashboard",
        "g",
        "Coverage grid: metric × period, statements per figure, ⚠ and * marks",
        ("coverage",),
    ),
    Row(
        "dashboard",
        "f",
        "Find a figure by words or a number (net loss 2021, 74.67, 融资)",
        ("find",),
    ),
    Row(
        "dashboard",
        "y / Y",
        "Copy a citation of what the cursor is on: plain text / Markdown",
        ("cite", "cite_markdown"),
    ),
    Row(
        "dashboard",
        "t",
        "Timeline: events, rounds, share price and market value on one axis",
        ("timeline",),
    ),
    Row(
        "dashboard",
        "[ / ] \\",
        "As known on the previous / next source's date; back to today",
        ("as_of_earlier", "as_of_later", "as_of_today"),
    ),
    Row("dashboard", "mouse", "Click a row, a tab or a key figure; scroll any panel"),
    Row("detail view", "enter", "Open the input (or stated figure) under the cursor"),
    Row(
        "detail view",
        "o",
        "The focused (else the first) statement's quote in its document",
        ("detail_open_document",),
    ),
    Row("detail view", "escape", "Back to the dashboard (or the previous detail)"),
    Row("detail view", "tab", "Move between the inputs and the statements"),
    Row(
        "detail view",
        "y / Y",
        "Copy a citation of the focused statement or input, else the figure",
        ("detail_cite", "detail_cite_markdown"),
    ),
    Row(
        "detail view",
        "c",
        "Compare: add another series of the same unit to the chart (a list)",
        ("detail_compare",),
    ),
    Row("detail view", "C", "Remove the series compared last", ("detail_uncompare",)),
    Row("compare", "escape", "Close the list without adding a series", ("compare_cancel",)),
    Row(
        "document",
        "n / N",
        "Next / previous quote of the document (or search match)",
        (
            "document_next_quote",
            "document_previous_quote",
            "document_next_match",
            "document_previous_match",
        ),
    ),
    Row(
        "document",
        "/",
        "Search the document; enter: next match; escape clears",
        ("document_search",),
    ),
    Row("document", "escape", "Close the search, clear it, then back", ("document_close",)),
    Row("coverage", "arrows", "Move over the grid; the line below says what is behind the cell"),
    Row("coverage", "enter", "Detail view of the figure (on a label: its latest figure)"),
    Row("coverage", "escape", "Back to the dashboard", ("coverage_close",)),
    Row(
        "timeline",
        "↑ ↓ / j k",
        "Move through the entries; the chart marks the one under the cursor",
    ),
    Row("timeline", "enter", "Detail view of the entry: its figure, round or excerpt"),
    Row("timeline", "escape", "Back to the dashboard (on the date shown)", ("timeline_close",)),
    Row("timeline", "[ / ] \\", "As known on: earlier, later, today (the dashboard follows)"),
    Row("find (f)", "type", "Words or a number; the best figures are ranked as you type"),
    Row("find (f)", "↓ / tab", "Move to the results", ("find_results",)),
    Row("find (f)", "enter", "Open the highlighted figure's detail view (escape comes back)"),
    Row(
        "find (f)",
        "y / Y",
        "Copy a citation of the highlighted figure: plain text / Markdown",
        ("find_cite", "find_cite_markdown"),
    ),
    Row("find (f)", "escape", "Back to the dashboard"),
    Row(
        "console",
        "f5 / ctrl+j",
        "Run the statement under the cursor, or the selection",
        ("console_run",),
    ),
    Row("console", "shift+f5", "Run every statement in the buffer, in order", ("console_run_all",)),
    Row(
        "console",
        "escape",
        "Cancel the running query, count, copy or sort (or close a list)",
        ("console_cancel",),
    ),
    Row(
        "console", "q", "Never quits here: text in the editor, a reminder elsewhere", ("console_q",)
    ),
    Row(
        "editor",
        "ctrl+space",
        "Complete a table, column, function or keyword name",
        ("editor_complete",),
    ),
    Row("editor", "tab / enter", "Accept the highlighted completion"),
    Row(
        "editor",
        "ctrl+a / f7",
        "Select all (home goes to the line's start)",
        ("editor_select_all",),
    ),
    Row("editor", "ctrl+z / ctrl+y", "Undo / redo, a query loaded from history or the palette too"),
    Row(
        "editor",
        "ctrl+x ctrl+c ctrl+v",
        "Cut, copy, paste; shift+arrows select; f6 selects the line",
    ),
    Row(
        "buffers",
        "ctrl+n / ctrl+w",
        "New buffer / close it (asks if its text is in no file)",
        ("console_new_buffer", "console_close_buffer"),
    ),
    Row(
        "buffers",
        "ctrl+pgdn / ctrl+pgup",
        "Next / previous buffer (or click its tab)",
        ("console_next_buffer", "console_previous_buffer"),
    ),
    Row("buffers", "ctrl+t", "Rename the buffer", ("console_rename_buffer",)),
    Row(
        "buffers",
        "ctrl+o / ctrl+s",
        "Open a .sql file / save the buffer to its file (asks before replacing another)",
        ("console_open", "console_save"),
    ),
    Row("find", "ctrl+f", "Find and replace in the buffer (smart case)", ("console_find",)),
    Row(
        "find",
        "enter ↓ f3 / ↑ shift+f3",
        "Next / previous match, round the ends",
        ("console_find_next", "console_find_previous", "find_next", "find_previous"),
    ),
    Row(
        "find",
        "tab, enter / ctrl+a",
        'To "replace with"; replace this match / all of them',
        ("find_replace_all",),
    ),
    Row("find", "escape", "Close the find bar", ("find_close",)),
    Row(
        "console",
        "ctrl+r",
        "Query history: type to filter, ↑ ↓, enter loads, f5 runs",
        ("console_history", "history_load", "history_run", "history_up", "history_down"),
    ),
    Row(
        "console",
        "ctrl+e",
        "Export the result tab (as sorted and filtered) to CSV, Parquet or JSON",
        ("console_export",),
    ),
    Row(
        "schema",
        "enter / space",
        "Insert the name / expand or collapse (→ ← too)",
        ("schema_insert", "schema_toggle", "schema_expand", "schema_collapse"),
    ),
    Row(
        "results", "enter", "View the whole cell (c copies it there)", ("results_view", "cell_copy")
    ),
    Row(
        "results",
        "c / r",
        "Copy the cell / the row (tab-separated)",
        ("results_copy_cell", "results_copy_row"),
    ),
    Row(
        "results",
        "y / Y",
        "Cite the row by its fact_id, round_id or excerpt_id: plain text / Markdown",
        ("results_cite", "results_cite_markdown"),
    ),
    Row(
        "results",
        "o",
        "The row's quote (its excerpt_id, or its fact_id's) in its document",
        ("results_open_document",),
    ),
    Row(
        "results",
        "s",
        "Sort the whole result by the column (up, down, off), in DuckDB; or click its header",
        ("results_sort",),
    ),
    Row(
        "results",
        "/",
        "Filter line: a WHERE condition (empty clears, escape closes)",
        ("results_filter", "results_filter_close"),
    ),
    Row("results", "=", "Only the rows with the value under the cursor", ("results_filter_value",)),
    Row("results", "g", "Go to row number … of the whole result", ("results_go_to_row",)),
    Row(
        "results",
        "ctrl+home / ctrl+end",
        "First / last row of the whole result",
        ("results_first_row", "results_last_row"),
    ),
    Row(
        "results",
        "home / end",
        "First / last column",
        ("results_first_column", "results_last_column"),
    ),
    Row(
        "results",
        "[ / ]",
        "Previous / next result tab (one per statement with rows)",
        ("results_previous", "results_next"),
    ),
)

KEYS: tuple[tuple[str, str, str], ...] = tuple((r.where, r.keys, r.does) for r in ROWS)
"""(where, keys, what) of every row, as shown with the default keys."""

BINDING_IDS: dict[str, str] = {
    # id: default keys. Every binding of kctui has an id, so config.toml can remap it.
    "quit": "ctrl+q", "quit_q": "q", "too_small_quit": "ctrl+q,q", "toggle_console": "f2", "help": "question_mark",
    "keys_panel": "f1", "keys_panel_close": "escape", "help_close": "escape,q,question_mark",
    "grid_up": "up", "grid_down": "down", "grid_left": "left", "grid_right": "right",
    "grid_page_up": "pageup", "grid_page_down": "pagedown",
    "detail_close": "escape", "input_cancel": "escape", "export_cancel": "escape",
    "cell_close": "escape,enter,q", "cell_copy": "c", "history_close": "escape",
    "history_load": "enter", "history_run": "f5,ctrl+j", "history_up": "up", "history_down": "down",
    "confirm_yes": "y", "confirm_no": "escape,n",
    "focus_rounds": "1", "focus_results": "2", "focus_competitors": "3", "focus_sources": "4",
    "next_panel": "tab", "previous_panel": "shift+tab",
    "table_down": "j", "table_up": "k", "table_first_row": "home,ctrl+home",
    "table_last_row": "end,ctrl+end", "table_detail": "enter",
    "scale": "u", "maximize": "m", "results_toggle": "a", "open_document": "o",
    "coverage": "g", "coverage_close": "escape", "find": "f", "cite": "y", "cite_markdown": "Y",
    "timeline": "t", "timeline_close": "escape", "as_of_earlier": "left_square_bracket",
    "as_of_later": "right_square_bracket", "as_of_today": "backslash",
    "detail_compare": "c", "detail_uncompare": "C", "compare_cancel": "escape",
    "detail_cite": "y", "detail_cite_markdown": "Y",
    "find_results": "down", "find_cite": "y", "find_cite_markdown": "Y",
    "detail_open_document": "o", "document_next_quote": "n", "document_previous_quote": "N",
    "document_next_match": "n", "document_previous_match": "N", "document_search": "slash",
    "document_close": "escape",
    "sources_filter": "slash", "sources_filter_clear": "escape",
    "console_run": "f5,ctrl+j", "console_run_all": "shift+f5", "console_cancel": "escape",
    "console_q": "q", "console_history": "ctrl+r", "console_export": "ctrl+e",
    "editor_complete": "ctrl+space,ctrl+@", "editor_select_all": "ctrl+a",
    "console_new_buffer": "ctrl+n", "console_close_buffer": "ctrl+w",
    "console_next_buffer": "ctrl+pagedown", "console_previous_buffer": "ctrl+pageup",
    "console_rename_buffer": "ctrl+t", "console_open": "ctrl+o", "console_save": "ctrl+s",
    "console_find": "ctrl+f", "console_find_next": "f3", "console_find_previous": "shift+f3",
    "find_next": "f3,down", "find_previous": "shift+f3,up", "find_replace_all": "ctrl+a",
    "find_close": "escape",
    "schema_insert": "enter", "schema_toggle": "space", "schema_expand": "right",
    "schema_collapse": "left",
    "results_view": "enter", "results_copy_cell": "c", "results_copy_row": "r",
    "results_cite": "y", "results_cite_markdown": "Y", "results_open_document": "o",
    "results_sort": "s", "results_filter": "slash", "results_filter_close": "escape",
    "results_filter_value": "equals_sign", "results_go_to_row": "g",
    "results_first_row": "ctrl+home", "results_last_row": "ctrl+end",
    "results_first_column": "home", "results_last_column": "end",
    "results_previous": "left_square_bracket", "results_next": "right_square_bracket",
}  # fmt: skip
