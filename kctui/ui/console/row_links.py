"""A console result row's way back to the curated record: ``y``/``Y`` cite it, ``o``
opens its quote's document, when the row has a ``fact_id``, ``round_id`` or
``excerpt_id`` column (any case; :data:`kctui.core.cite.ROW_COLUMNS`).

The lookups run on a thread; the grid only says what it has under the cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kctui.core import cite
from kctui.ui.screens.base import KctuiScreen

if TYPE_CHECKING:
    from kctui.ui.console.grid import ResultsTable

NO_IDS = "This row has no fact_id, round_id or excerpt_id column: nothing to cite"
NO_QUOTE = "This row has no fact_id or excerpt_id of a quote: no document to open"


def _row(grid: ResultsTable) -> dict[str, object] | None:
    values = grid.pages.row(grid.cursor_row)
    if values is None:
        return None
    return dict(zip(grid.column_names, values, strict=False))


def cite_row(grid: ResultsTable, *, markdown: bool) -> None:
    """Copy the citation of the row under the cursor."""
    from kctui.ui.cite import copy_citation

    ids = list(cite.row_ids(_row(grid) or {}).values())
    screen = grid.screen
    if not ids or not isinstance(screen, KctuiScreen):
        grid.notify(NO_IDS, severity="warning", timeout=3, markup=False)
        return
    copy_citation(grid, screen.db, ids[:1], markdown=markdown)


def open_row_document(grid: ResultsTable) -> None:
    """Open the document of the quote behind the row under the cursor."""
    row = _row(grid)
    screen = grid.screen
    if row is None or not isinstance(screen, KctuiScreen):
        grid.notify(NO_QUOTE, severity="warning", timeout=3, markup=False)
        return
    db = screen.db

    def find() -> None:
        target = cite.row_document(db, row)
        grid.app.call_from_thread(_open, screen, target)

    grid.run_worker(find, thread=True, group="row-document", exclusive=True, exit_on_error=False)


def _open(screen: KctuiScreen, target: tuple[str, str, tuple[str, ...]] | None) -> None:
    if target is None:
        screen.notify(NO_QUOTE, severity="warning", timeout=3, markup=False)
        return
    from kctui.ui.document.screen import open_document

    open_document(screen, *target)
