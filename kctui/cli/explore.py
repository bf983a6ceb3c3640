"""``kctui`` with no command: the explorer, in this terminal.

The database is found (or built, or rebuilt if the cached one fails its check) on a
thread while Textual is imported (:func:`kctui.ui.create_app`); one that cannot be
opened is one line and exit 1, before anything is drawn.

Run by ``kctui serve`` (:mod:`kctui.server`), the same explorer draws in a browser
page: textual-serve starts this command with Textual's web driver, which speaks to the
server over pipes, so there the terminal check below does not apply.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kctui.cli.common import CliError, open_database, say

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""The driver textual-serve names in ``TEXTUAL_DRIVER`` for every app it starts."""


def in_a_browser() -> bool:
    """Textual's web driver will run the app: its input and output are pipes to
    textual-serve, not a terminal."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def open_app(db: str | None, theme: str | None = None) -> Any:
    """The explorer on ``db`` (default: the curated database), ready to run."""
    from kctui.build.cache import DatabaseUnavailable, ensure_database, open_database
    from kctui.core.db import DatabaseError
    from kctui.ui import create_app

    try:
        if db is not None:
            ensure_database(db)  # a missing or odd path: say so before Textual loads
        app = create_app(lambda: open_database(db, notice=say), preload=True, theme=theme)
    except (DatabaseUnavailable, DatabaseError) as exc:
        raise CliError(str(exc)) from None
    if theme is not None and theme not in app.available_themes:
        app.db.close()
        raise CliError(f"no theme {theme!r}; there are: {', '.join(sorted(app.available_themes))}")
    if app.config_problem:
        say(f"{app.config_problem} (using the default settings)")
    return app


def _is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (a closed one, ``None``, is not)."""
    return stream is not None and stream.isatty()


def run(args: argparse.Namespace) -> int:
    if not in_a_browser() and not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        # The database's own problem first, if it has one: it is the one to fix.
        open_database(args.db).close()
        raise CliError(
            "the explorer needs a terminal (stdin and stdout); "
            'for output to a pipe or file use kctui sql "QUERY"'
        )
    app = open_app(args.db, getattr(args, "theme", None))
    app.run()
    for note in app.exit_notes.values():
        say(note)
    return int(app.return_code or 0)
