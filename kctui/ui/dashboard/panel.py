"""The base of the dashboard's panels: a titled box around one table, linked by messages.

A panel owns its table, its keys and its rendering. It tells the screen two things:
the cursor moved onto something (:class:`Panel.SelectionChanged`, which the Sources
panel answers with the quotes behind it) and the user asked for the detail view
(:class:`Panel.DetailRequested`). The screen never reaches into a panel's table.
"""

from __future__ import annotations

from textual import on
from textual.color import Color
from textual.containers import Vertical
from textual.events import DescendantBlur, DescendantFocus, Resize
from textual.message import Message
from textual.reactive import reactive

from kctui.core.dashboard import Dashboard
from kctui.core.model import Selection, Subject
from kctui.ui.widgets.ktable import KTable


class Panel(Vertical, can_focus=False):
    """A dashboard panel: subclasses build their table from a :class:`Dashboard`."""

    ALLOW_MAXIMIZE = True
    PANEL_KEY = ""
    PANEL_TITLE = ""

    scale: reactive[str] = reactive("auto", init=False)
    """Money scale (auto, B, M or 亿); bound to the screen's."""

    class SelectionChanged(Message):
        """The cursor is on something new; the Sources panel shows what is behind it."""

        def __init__(self, selection: Selection) -> None:
            self.selection = selection
            super().__init__()

    class DetailRequested(Message):
        """Open the detail view of ``subject``."""

        def __init__(self, subject: Subject) -> None:
            self.subject = subject
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Dashboard | None = None
        self._built_width = 0
        self.border_title = f"{self.PANEL_KEY} {self.PANEL_TITLE}".strip()

    # --- to implement ----------------------------------------------------------------

    def rebuild(self) -> None:
        """Fill the table (and anything else) from :attr:`data` at the current width."""
        raise NotImplementedError

    def current_selection(self) -> Selection | None:
        """What the cursor is on, or ``None``."""
        raise NotImplementedError

    # --- shared behaviour -----------------------------------------------------------

    @property
    def table(self) -> KTable:
        """The panel's main table."""
        return self.query_one(KTable)

    width_hint = 56
    """The screen's estimate of :attr:`inner_width` before the first layout."""

    @property
    def inner_width(self) -> int:
        """Cells available for the table's content (the hint before the first layout)."""
        width = self.content_size.width
        return width if width > 0 else self.width_hint

    def on_mount(self) -> None:
        # Cells carry colours from the theme (see cells.Palette): redraw on a switch.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self.light_border()
        if self.data is not None:
            self.rebuild()

    def set_data(self, data: Dashboard) -> None:
        """Show ``data``."""
        self.data = data
        self._built_width = self.inner_width
        self.rebuild()

    def focus_panel(self) -> None:
        """Put the keyboard focus on the panel's table."""
        self.table.focus()

    def announce(self) -> None:
        """Tell the screen what the cursor is on."""
        if self.data is None:
            return
        selection = self.current_selection()
        if selection is not None:
            self.post_message(self.SelectionChanged(selection))

    def watch_scale(self) -> None:
        if self.data is not None:
            self.rebuild()

    def on_resize(self, event: Resize) -> None:
        # Column widths follow the panel's width: rebuild when it changes.
        if self.data is not None and self.inner_width != self._built_width:
            self._built_width = self.inner_width
            self.rebuild()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        self.light_border()
        if isinstance(event.widget, KTable):
            self.announce()

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        self.light_border()

    def light_border(self, lit: bool | None = None) -> None:
        """Light the border if the focus is in the panel (or if ``lit``)."""
        # Lit from here, not by a :focus-within rule: a pseudo-class change re-applies
        # the stylesheet to the whole panel (its table's thirteen component classes
        # included), which was most of the time a focus switch took.
        variables = self.app.theme_variables
        if lit is None:
            lit = self.has_focus_within
        try:
            if lit:
                colour = Color.parse(variables.get("border", ""))
            else:
                # As "$foreground 22%" in app.tcss, over the background: a quiet line
                # that still shows where one panel ends (the theme's $border-blurred is
                # all but the background itself in the dark themes).
                background = Color.parse(variables.get("background", ""))
                colour = background + Color.parse(variables.get("foreground", "")).with_alpha(0.22)
        except Exception:
            return
        if self.styles.border_top != ("round", colour):
            self.styles.border = ("round", colour)

    @on(KTable.Highlighted)
    def _cursor_moved(self, event: KTable.Highlighted) -> None:
        event.stop()
        # Only the panel the user is in drives the Sources panel; a rebuild elsewhere
        # (scale switch, toggle, resize) must not steal the linked selection.
        if event.table.has_focus:
            self.announce()

    @on(KTable.Selected)
    def _selected(self, event: KTable.Selected) -> None:
        event.stop()
        self.action_detail()

    def action_detail(self) -> None:
        """Open the detail view of what the cursor is on."""
        selection = self.current_selection()
        if selection is not None and selection.subject is not None:
            self.post_message(self.DetailRequested(selection.subject))
