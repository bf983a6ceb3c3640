"""QuoteView: the Sources panel's quotes box wraps, says what is cut, and scrolls."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult

from kctui.ui.widgets.quote_view import QuoteView

LONG = Text("\n".join(f"line {i} " + "word " * 12 for i in range(10)))


class QuotesApp(App[None]):
    CSS = "QuoteView { width: 30; height: 5; }"

    def compose(self) -> ComposeResult:
        yield QuoteView(id="q")


def shown(view: QuoteView) -> list[str]:
    return ["".join(s.text for s in view.render_line(y)).rstrip() for y in range(view.size.height)]


async def test_text_wraps_and_the_last_line_says_how_much_is_cut() -> None:
    app = QuotesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(QuoteView)
        view.update(LONG)
        await pilot.pause()
        lines = shown(view)
        assert lines[0].startswith("line 0 word")
        assert all(len(line) <= 30 for line in lines)
        hidden = view.line_count - 4
        assert lines[-1] == f"… {hidden} more lines: scroll, or enter for the detail"[:30]


async def test_the_wheel_scrolls_and_an_update_starts_at_the_top() -> None:
    app = QuotesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(QuoteView)
        view.update(LONG)
        await pilot.pause()
        for _ in range(50):  # the wheel, as the driver reports it
            view.post_message(events.MouseScrollDown(view, 1, 1, 0, 1, 0, False, False, False))
        await pilot.pause()
        lines = shown(view)
        assert lines[-1].startswith("word")  # the very end, no "more" line
        assert not any(line.startswith("…") for line in lines)
        view.update(Text("short"))
        await pilot.pause()
        assert shown(view) == ["short", "", "", "", ""]


async def test_an_update_never_lays_the_screen_out_again() -> None:
    app = QuotesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(QuoteView)
        await pilot.pause()
        layouts: list[int] = []
        screen = app.screen
        original = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(1)
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        view.update(LONG)
        await pilot.pause()
        view.update(Text("x\n" * 40))
        await pilot.pause()
        assert layouts == []
        assert shown(view)[0] == "x"


async def test_an_anchor_out_of_view_is_scrolled_into_view() -> None:
    app = QuotesApp()
    text = Text(
        "Title 6.8%\n\n" + "filler words here\n" * 8 + "e001-04 · Source\nwent from 6.8% to 2.8%"
    )
    async with app.run_test(size=(40, 10)) as pilot:
        view = app.query_one(QuoteView)
        view.update(text, anchor=("e001-04 · ", "6.8%"))
        await pilot.pause()
        lines = shown(view)
        # The quote's line, not the title's (which also says 6.8%).
        assert any("went from 6.8%" in line for line in lines)
        view.update(text, anchor=("Title", "6.8%"))  # already in view: from the top
        await pilot.pause()
        assert shown(view)[0] == "Title 6.8%"
