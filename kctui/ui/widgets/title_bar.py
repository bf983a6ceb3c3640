"""The line at the top of every screen: the palette icon and the app's title.

It looks like Textual's Header (an icon that opens the command palette, the title and
subtitle centred) but is one widget drawing one line: Header mounts four, and a
launch pays for composing, styling and drawing each.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""Cells the icon takes on the left (as in Header)."""
RIGHT_WIDTH = 10
"""Cells kept free on the right (Header's clock space), so the title centres alike."""


class TitleBar(Widget):
    """The palette icon on the left, ``title — sub_title`` centred: the screen's if it
    sets them, else the app's (as Header). Class ``-as-of`` lights it while a screen
    shows the data as known on an earlier day."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    TitleBar.-as-of {
        background: $warning-muted;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitled, init=False)
            self.watch(node, "sub_title", self._retitled, init=False)

    def _retitled(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        app, screen = self.app, self.screen
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        room = max(0, width - ICON_WIDTH - RIGHT_WIDTH)
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        return (icon + title.center(room, ellipsis=True)).truncate(width, pad=True)

    async def on_click(self, event: Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
