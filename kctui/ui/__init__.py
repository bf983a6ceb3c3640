"""kctui's Textual app: the dashboard, detail, console and their widgets.

It may import :mod:`kctui.core`, never :mod:`kctui.build` (the CLI builds the database
before the app starts; an import-linter contract checks it).
"""
