"""The SQL console's headless core: running statements, SQL text, completion, history,
export and the run's state. No Textual here; ``kctui.ui.console`` draws it."""
