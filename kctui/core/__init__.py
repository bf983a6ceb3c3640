"""kctui's headless core: plain Python and SQL over the curated DuckDB file.

Nothing here imports Textual, rich or pandas (an import-linter contract and
``tests/test_boundaries.py`` check it), so the CLI, the notebook API and the tests use
it alone. The modules, by role:

- :mod:`~kctui.core.schema` (+ ``schema.sql``): version, tables, views, comments
- :mod:`~kctui.core.paths`: every ``KCTUI_*`` variable and user directory
- :mod:`~kctui.core.db`: :class:`~kctui.core.db.Database`, results, errors
- :mod:`~kctui.core.text`: the one sanitiser and width rule for text from data
- :mod:`~kctui.core.amounts`, :mod:`~kctui.core.periods`: stated amounts and periods
- :mod:`~kctui.core.queries`: every named SQL query
- :mod:`~kctui.core.model`, :mod:`~kctui.core.facts`: value types and the fact index
- :mod:`~kctui.core.dashboard`, :mod:`~kctui.core.detail`: what each screen shows
- :mod:`~kctui.core.preload`: the launch-time background load
- :mod:`kctui.core.console`: the SQL console's headless core
"""
