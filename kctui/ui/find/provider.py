"""The command palette's figures: type ``net loss 2021`` or ``74.67`` after ``ctrl+p`` and
the best figures are among the commands; choosing one opens its detail view.

The search is :func:`kctui.core.find.search`, run on a thread (the palette cancels the
task of a search that the next keystroke supersedes, and a search is a few
milliseconds, so a superseded one just finishes unseen).
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from kctui.core import find
from kctui.core.db import Database
from kctui.core.model import Subject
from kctui.core.text import one_line
from kctui.ui.find import lines

HITS = 8
"""Figures the palette lists at most."""
MIN_LENGTH = 2
"""Shorter than this, the palette's own commands are all it shows."""


def _search(db: Database, text: str) -> find.Results:
    cursor = db.cursor()
    try:
        return find.search(cursor, text, find.names_for(db), limit=HITS)
    finally:
        cursor.close()


class FindProvider(Provider):
    """Figures whose names, period or value match what the palette holds."""

    async def search(self, query: str) -> Hits:
        db = getattr(self.app, "db", None)
        if not isinstance(db, Database) or len(query.strip()) < MIN_LENGTH:
            return
        try:
            results = await asyncio.to_thread(_search, db, query)
        except Exception:  # a database error: the palette simply shows no figures
            return
        scale = getattr(self.screen, "scale", "auto")
        best = max((f.score for f in results.found), default=1) or 1
        for rank, found in enumerate(results.found):
            what = one_line(
                f"{lines.value_text(found, scale)} · {lines.figure_text(found)} · {found.period}"
            )
            yield Hit(
                # The palette sorts by score: keep find's order, below an exact command.
                0.9 * found.score / best - rank * 0.001,
                # Content, not a str: names from the data are never markup.
                Content("Figure: " + what),
                partial(self._open, db, found.subject, scale),
                text=f"Figure: {what}",
                help=one_line(lines.source_text(found)) or None,
            )

    def _open(self, db: Database, subject: Subject, scale: str) -> None:
        from kctui.ui.detail.screen import DetailScreen

        self.app.push_screen(DetailScreen(db, subject, scale if isinstance(scale, str) else "auto"))
