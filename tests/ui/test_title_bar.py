"""TitleBar: Header's look in one widget; the icon opens the palette."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.screen import Screen

from kctui.ui.widgets.title_bar import TitleBar


class Titled(Screen[None]):
    def compose(self) -> ComposeResult:
        yield TitleBar()


class TitleApp(App[None]):
    TITLE = "kctui"
    SUB_TITLE = "Kingsoft Cloud"

    def on_mount(self) -> None:
        self.push_screen(Titled())


def line(bar: TitleBar) -> str:
    return bar.render().plain


async def test_the_title_is_centred_and_follows_the_screen() -> None:
    app = TitleApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        text = line(bar)
        assert len(text) == 60 and text.startswith(" ⭘")
        title = "kctui — Kingsoft Cloud"
        start = text.index(title)
        # Centred between the icon (8 cells) and the clock space (10), as Header does.
        assert abs((start - 8) - (60 - 18 - len(title) - (start - 8))) <= 1
        app.screen.sub_title = "Revenue · KC · 2024Q4"
        await pilot.pause()
        assert "kctui — Revenue · KC · 2024Q4" in line(bar)


async def test_a_long_title_ends_with_an_ellipsis() -> None:
    app = TitleApp()
    async with app.run_test(size=(30, 5)) as pilot:
        await pilot.pause()
        text = line(app.screen.query_one(TitleBar))
        assert len(text) == 30 and "…" in text


async def test_a_click_on_the_icon_opens_the_command_palette() -> None:
    app = TitleApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        await pilot.click(TitleBar, offset=(30, 0))  # the title: nothing
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
