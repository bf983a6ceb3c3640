"""The SQL console: editor with completion, schema browser, results grid, dialogs."""
