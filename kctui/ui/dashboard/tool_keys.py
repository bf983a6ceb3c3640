"""The dashboard's ``o``, ``g``, ``f`` and ``y``: the actions, mixed into DashboardScreen.

Each opens another screen or copies a citation; their modules (kctui.ui.document,
kctui.ui.coverage, kctui.ui.find, kctui.ui.cite) are imported on first use, so none of
them is on the start-up path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand

from kctui.ui.dashboard.sources import SourcesPanel

if TYPE_CHECKING:
    from kctui.ui.dashboard.screen import DashboardScreen


class ToolKeys:
    """The document, coverage, find and cite actions of the dashboard."""

    def action_open_document(self) -> None:
        """The source document of the quote in the Sources panel, scrolled to the quote."""
        screen = cast("DashboardScreen", self)
        target = screen.query_one(SourcesPanel).document_target()
        if target is None:
            screen.notify("No quote here: nothing to open in its document", markup=False)
            return
        from kctui.ui.document.screen import open_document

        open_document(screen, *target)

    def action_coverage(self) -> None:
        """The coverage grid: metric x period for KC."""
        from kctui.ui.coverage.screen import CoverageScreen

        screen = cast("DashboardScreen", self)
        screen.app.push_screen(CoverageScreen(screen.db, screen.scale))

    def action_find(self) -> None:
        """Find a figure by words or a number."""
        from kctui.ui.find.screen import FindScreen

        screen = cast("DashboardScreen", self)
        screen.app.push_screen(FindScreen(screen.db, screen.scale))

    def action_cite(self, markdown: bool) -> None:
        """Copy a citation of what the cursor is on (what the Sources panel shows)."""
        from kctui.ui.cite import copy_citation, selection_ids

        screen = cast("DashboardScreen", self)
        ids = selection_ids(screen.query_one(SourcesPanel).selection)
        copy_citation(screen, screen.db, ids, markdown=markdown)

    def tool_commands(self) -> Iterator[SystemCommand]:
        """The palette's entries for these keys."""
        yield SystemCommand(
            "Open the quote's document",
            "Key o: the whole source document, scrolled to the quote shown",
            self.action_open_document,
        )
        yield SystemCommand(
            "Coverage grid",
            "Key g: metric x period for KC, the statements behind each figure, the gaps",
            self.action_coverage,
        )
        yield SystemCommand(
            "Find a figure", "Key f: by words or a number (net loss 2021, 74.67)", self.action_find
        )
        yield SystemCommand(
            "Cite the selection",
            "Key y: copy a citation of what the cursor is on (Y: as Markdown)",
            lambda: self.action_cite(False),
        )
