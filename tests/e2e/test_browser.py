"""End to end in a real browser: ``kctui serve``, headless Chromium, the explorer's keys.

The real command serves the test database on a free port; the system's Chromium (.ci/run
installs Debian's package) is driven by Playwright through ``executable_path``, since
Playwright cannot download a browser of its own here. xterm.js draws on a canvas, so
the test reads what the app sends instead: the websocket's frames, escape sequences
taken out. Every wait is for text to arrive, with a generous deadline.

One page visits the dashboard, a figure's detail view and the console; runs a query;
copies a cell to the browser's clipboard; exports the result as a download; takes
Textual's screenshot (shown by the browser as an SVG); and saves a picture of the page
(``KCTUI_SERVE_SCREENSHOT=docs/serve.png`` writes the README's). Every request the
browser made must have gone to the server (the page works offline), a request without
the token must be refused, and the server must stop on Ctrl-C leaving no explorer behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.serving import DEADLINE, Screen, Server, alive, wait_until

CHROMIUM = next(
    (p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium to drive: .ci/run installs it (apt-get install chromium, as root)",
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1100, "height": 860}
"""About 120x40 cells at the page's 16px font: the size the dashboard is designed for."""


def wait_for(page: Any, screen: Screen, *words: str, mark: int = 0) -> None:
    """Let the page run until every one of ``words`` has arrived after ``mark``."""
    deadline = time.monotonic() + DEADLINE
    while not all(screen.has(word, mark) for word in words):
        if time.monotonic() > deadline:
            missing = [w for w in words if not screen.has(w, mark)]
            raise AssertionError(f"{missing!r} never arrived; last: {screen.since(mark)[-3000:]}")
        page.wait_for_timeout(50)  # Playwright delivers the frames while it waits


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_explorer_in_a_real_browser(db_path: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    server = Server("--db", str(db_path))
    try:
        url = server.url()
        origin = url.split("/?", 1)[0]
        screen = Screen()
        requests: list[str] = []
        blocked: list[str] = []  # stopped by the page's Content-Security-Policy, never sent
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"),  # a fresh profile: no cookie, no cache
                executable_path=CHROMIUM,
                headless=True,
                args=LAUNCH_ARGS,
                viewport=VIEWPORT,
                accept_downloads=True,
            )
            try:
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
                context.on("request", lambda request: requests.append(request.url))
                context.on(
                    "requestfailed",
                    lambda request: (
                        blocked.append(request.url) if request.failure == "csp" else None
                    ),
                )
                page = context.new_page()
                page.on(
                    "websocket",
                    lambda ws: ws.on(
                        "framereceived",
                        lambda data: screen.feed(data) if isinstance(data, bytes) else None,
                    ),
                )
                page.goto(url)
                wait_for(page, screen, "Financing rounds", "Xiaomi")  # the dashboard's data
                page.wait_for_selector(".xterm-helper-textarea", state="attached")
                page.focus(".xterm-helper-textarea")  # xterm.js takes the keys from here
                page.screenshot(path=str(tmp_path / "dashboard.png"))
                if target := os.environ.get("KCTUI_SERVE_SCREENSHOT"):
                    page.screenshot(path=target)

                # 2 focuses the results; enter opens the figure under the cursor.
                mark = screen.mark()
                page.keyboard.press("2")
                page.keyboard.press("Enter")
                wait_for(page, screen, "· 2025Q3", "escape: back", mark=mark)
                mark = screen.mark()
                page.keyboard.press("Escape")
                wait_for(page, screen, "Financing rounds", mark=mark)

                # The console: a query, its answer.
                mark = screen.mark()
                page.keyboard.press("F2")
                wait_for(page, screen, "Schema", "f5 runs", mark=mark)
                page.keyboard.type("select 42")
                mark = screen.mark()
                page.keyboard.press("F5")
                wait_for(page, screen, "1 row", "integer", "42", mark=mark)

                # Copy: the cell reaches the browser's clipboard (OSC 52, xterm.js).
                mark = screen.mark()
                page.keyboard.press("Tab")  # from the editor to the results
                wait_for(page, screen, "Copy cell", mark=mark)  # their keys in the key bar
                mark = screen.mark()
                page.keyboard.press("c")
                wait_for(page, screen, "Copied", mark=mark)
                assert page.evaluate("navigator.clipboard.readText()") == "42"

                # Export: a download of the whole result.
                mark = screen.mark()
                page.keyboard.press("Control+e")
                wait_for(page, screen, "Export the result", mark=mark)
                with page.expect_download(timeout=DEADLINE * 1000) as download:
                    page.keyboard.press("Enter")
                assert download.value.suggested_filename == "kctui-result.csv"
                assert Path(download.value.path()).read_text() == "42\n42\n"

                # Textual's screenshot: the browser opens the SVG in a tab of its own.
                mark = screen.mark()
                page.keyboard.press("Control+p")
                page.keyboard.type("screenshot")
                wait_for(page, screen, "Save an SVG", mark=mark)
                with context.expect_page(timeout=DEADLINE * 1000) as opened:
                    page.keyboard.press("Enter")
                shot = opened.value
                shot.wait_for_load_state()
                assert shot.url.startswith(f"{origin}/download/")
                svg = shot.content()
                assert "<svg" in svg and "kctui" in svg
                shot.close()

                page.screenshot(path=str(tmp_path / "console.png"))
                assert (tmp_path / "console.png").stat().st_size > 10_000
            finally:
                context.close()

        # Offline: the browser asked nothing of any other host. (Rich's SVG names a web
        # font on a CDN; the policy kctui sends with downloads stops the browser asking.)
        elsewhere = [r for r in requests if not r.startswith(origin + "/") and r not in blocked]
        assert requests and not elsewhere, elsewhere
        # The token, or nothing.
        assert status_of(origin + "/") == 403
        assert status_of(origin + "/ws?width=80&height=24") == 403
        assert status_of(origin + "/static/js/textual.js") == 403
        assert status_of(url) == 200
        # The page closed: its explorer ended.
        server.out.wait_for(r"session 1 closed")
        (pid,) = server.session_pids()
        wait_until(lambda: not alive(pid), "the page's explorer to end")
        assert server.stop(signal.SIGINT) == 130
        server.err.wait_for("interrupted")
        assert server.err.lines == ["kctui: interrupted"]
    finally:
        server.close()
