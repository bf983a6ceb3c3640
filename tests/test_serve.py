"""``kctui serve``: the token, the session limit, sessions that end with their page, an
offline page, the explorer under Textual's web driver, and the command's failures.

The server runs in this process (:func:`kctui.server.listen`) where a test looks at its
state, and as the real command in a child process where a test sends it signals; each
session is the real explorer on the test database. The browser's own test is
tests/e2e/test_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from textual_serve.app_service import AppService
from textual_serve.server import Server as TextualServeServer

from kctui.cli.explore import WEB_DRIVER
from kctui.server import Listening, Settings, is_loopback, listen, serve
from tests.serving import DEADLINE, Screen, Server, alive, kctui_argv, wait_until

DASHBOARD_WORDS = ("Financing rounds", "Xiaomi")
"""Text only a dashboard showing its data has: the panel's title and a round's investor."""


# --- the explorer under Textual's web driver ---------------------------------------------


def packet(kind: bytes, payload: bytes) -> bytes:
    """A packet of textual-serve's protocol to an app's stdin."""
    return kind + len(payload).to_bytes(4, "big") + payload


def test_the_explorer_runs_under_the_web_driver_without_a_terminal(db_path: Path) -> None:
    # As textual-serve starts it: pipes for stdin and stdout, TEXTUAL_DRIVER set.
    child = subprocess.Popen(
        kctui_argv("--db", str(db_path)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TEXTUAL_DRIVER": WEB_DRIVER, "COLUMNS": "120", "ROWS": "40"},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        # The web driver's first words, before any frame: the server waits for them.
        assert child.stdout.readline() == b"__GANGLION__\n"
        child.stdin.write(packet(b"M", json.dumps({"type": "quit"}).encode()))
        child.stdin.flush()
        _, err = child.communicate(timeout=DEADLINE)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert b"needs a terminal" not in err and b"Traceback" not in err


@pytest.mark.parametrize("driver", [None, "textual.drivers.headless_driver:HeadlessDriver"])
def test_anywhere_else_the_explorer_still_needs_a_terminal(
    db_path: Path, driver: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    if driver:
        env["TEXTUAL_DRIVER"] = driver
    result = subprocess.run(
        kctui_argv("--db", str(db_path)),
        stdin=subprocess.PIPE,
        capture_output=True,
        text=True,
        env=env,
        timeout=DEADLINE,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "kctui: error: the explorer needs a terminal (stdin and stdout); "
        'for output to a pipe or file use kctui sql "QUERY"'
    ]


# --- what kctui relies on in textual-serve ------------------------------------------------


def test_textual_serve_still_works_as_kctui_server_expects() -> None:
    # kctui.server overrides or reads these; an upgrade that renames them fails here.
    service = AppService(
        "true",
        write_bytes=None,  # type: ignore[arg-type]
        write_str=None,  # type: ignore[arg-type]
        close=None,  # type: ignore[arg-type]
        download_manager=None,  # type: ignore[arg-type]
    )
    environment = service._build_environment(width=100, height=30)
    assert environment["TEXTUAL_DRIVER"] == WEB_DRIVER  # what explore.in_a_browser looks for
    assert environment["COLUMNS"] == "100" and environment["ROWS"] == "30"
    assert service._process is None and service._task is None
    for name in ("_open_app_process", "start", "stop", "send_bytes", "set_terminal_size"):
        assert callable(getattr(AppService, name))
    for name in ("_make_app", "handle_index", "handle_websocket", "handle_download"):
        assert callable(getattr(TextualServeServer, name))


# --- in this process: the token, the page, sessions -----------------------------------------


@pytest.fixture
async def served(db_path: Path) -> AsyncIterator[Listening]:
    listening = await listen(Settings(db=db_path, port=0, max_sessions=2), out=lambda line: None)
    try:
        yield listening
    finally:
        await listening.close()


def base(listening: Listening) -> str:
    return listening.url.split("/?", 1)[0]


def ws_url(listening: Listening, token: str | None = None) -> str:
    query = "width=120&height=40" + (f"&token={token}" if token else "")
    return base(listening).replace("http://", "ws://") + f"/ws?{query}"


async def until_async(condition: object, what: str, timeout: float = DEADLINE) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def read_screen(ws: aiohttp.ClientWebSocketResponse, screen: Screen, *words: str) -> None:
    """Read the session's frames into ``screen`` until every one of ``words`` has come."""

    async def read() -> None:
        while not all(screen.has(word) for word in words):
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                screen.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"closed before {words!r} came: {screen.since()[-2000:]}")

    await asyncio.wait_for(read(), DEADLINE)


@pytest.mark.parametrize(
    "path",
    ["/", "/ws?width=80&height=24", "/static/js/textual.js", "/static/", "/download/abc", "/no"],
)
@pytest.mark.parametrize("token", [None, "wrong", ""])
async def test_a_request_without_the_token_is_refused_and_starts_nothing(
    db_path: Path, tmp_path: Path, path: str, token: str | None
) -> None:
    marker = tmp_path / "started"
    listening = await listen(
        Settings(db=db_path, port=0),
        out=lambda line: None,
        argv=[sys.executable, "-c", f"open({str(marker)!r}, 'w')"],
    )
    try:
        url = base(listening) + path
        if token is not None:
            url += ("&" if "?" in url else "?") + f"token={token}"
        headers = {"Connection": "Upgrade", "Upgrade": "websocket"} if "/ws" in path else {}
        if "/ws" in path:
            headers |= {"Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZQ=="}
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client,
            client.get(url, headers=headers) as response,
        ):
            assert response.status == 403
            assert "token" in await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"
        assert listening.server.sessions == {}
    finally:
        await listening.close()
    assert not marker.exists()


async def test_the_token_opens_the_page_and_its_cookie_the_rest(served: Listening) -> None:
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: lets the jar keep an IP address's cookies
    async with aiohttp.ClientSession(cookie_jar=jar) as client:
        async with client.get(served.url) as page:
            assert page.status == 200
            assert page.headers["Cache-Control"] == "no-store"
            cookie = page.cookies[served.server.cookie]
            assert cookie.value == served.server.token
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
        # What the page loads next carries no token of its own: the cookie does.
        async with client.get(base(served) + "/static/js/textual.js") as script:
            assert script.status == 200
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client,
        client.get(base(served) + "/static/js/textual.js") as script,
    ):
        assert script.status == 403


async def test_the_page_asks_nothing_of_the_internet(served: Listening) -> None:
    async with aiohttp.ClientSession() as client, client.get(served.url) as page:
        html = await page.text()
        policy = page.headers["Content-Security-Policy"]
    assert re.findall(r"https?://", html) == []  # no font, script or style from elsewhere
    assert "fonts.googleapis" not in html
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    host = base(served).removeprefix("http://")
    assert f'data-session-websocket-url="ws://{host}/ws"' in html
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        async with (
            aiohttp.ClientSession() as client,
            client.get(base(served) + asset + f"?token={served.server.token}") as response,
        ):
            assert response.status == 200, asset


async def test_text_in_the_page_request_is_never_markup(served: Listening) -> None:
    # The websocket's address is built from the request's Host: escaped, not markup.
    async with (
        aiohttp.ClientSession() as client,
        client.get(served.url, headers={"Host": 'x"><script>alert(1)</script>'}) as page,
    ):
        html = await page.text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


async def test_a_websocket_from_another_site_is_refused(served: Listening) -> None:
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(
                ws_url(served, served.server.token), origin="http://elsewhere.example"
            )
    assert refused.value.status == 403
    assert served.server.sessions == {}


async def test_each_page_is_an_explorer_that_ends_with_its_page(served: Listening) -> None:
    screen = Screen()
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(ws_url(served, served.server.token))
        await read_screen(ws, screen, *DASHBOARD_WORDS)
        (session,) = served.server.sessions.values()
        pid = session.pid
        assert pid is not None and alive(pid)
        await ws.close()  # the tab closes
    await until_async(lambda: not alive(pid), "the session's explorer to end")
    await until_async(lambda: not served.server.sessions, "the session to be let go")


async def test_an_explorer_that_quits_closes_its_page(served: Listening) -> None:
    screen = Screen()
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(ws_url(served, served.server.token))
        await read_screen(ws, screen, *DASHBOARD_WORDS)
        (session,) = served.server.sessions.values()
        await ws.send_json(["stdin", "\x11"])  # ctrl+q

        async def closed() -> None:
            while (await ws.receive()).type not in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
            ):
                pass

        await asyncio.wait_for(closed(), DEADLINE)
    assert session.pid is not None
    await until_async(lambda: not alive(session.pid), "the explorer to exit")  # type: ignore[arg-type]


async def test_past_the_session_limit_a_page_says_so_and_nothing_starts(
    served: Listening,
) -> None:
    token = served.server.token
    screens = [Screen(), Screen()]
    async with aiohttp.ClientSession() as client:
        sockets = [await client.ws_connect(ws_url(served, token)) for _ in screens]
        for ws, screen in zip(sockets, screens, strict=True):
            await read_screen(ws, screen, *DASHBOARD_WORDS)
        assert len(served.server.sessions) == 2  # the limit (max_sessions=2)
        async with client.get(served.url) as page:
            assert page.status == 503
            text = await page.text()
            assert "showing 2 pages already" in text and "--max-sessions 2" in text
        # A page loaded just before the last slot went: its websocket is told, and closed.
        late = await client.ws_connect(ws_url(served, token))
        message = await late.receive()
        assert message.type == aiohttp.WSMsgType.BINARY and b"every session" in message.data
        assert (await late.receive()).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert late.close_code == 1013
        assert len(served.server.sessions) == 2
        # One page closes: a new one may open.
        await sockets[0].close()
        await until_async(lambda: len(served.server.sessions) == 1, "a slot to be free")
        async with client.get(served.url) as page:
            assert page.status == 200
        await sockets[1].close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


async def test_another_host_than_this_machine_warns(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listening beyond this machine in a test is not ours to do: the check is faked and
    # the server listens on 127.0.0.1; then it is stopped as a service manager would.
    monkeypatch.setattr("kctui.server.run.is_loopback", lambda host: False)
    warned: list[str] = []
    printed: list[str] = []
    loop = asyncio.get_running_loop()
    received = await serve(
        Settings(db=db_path, port=0),
        out=printed.append,
        warn=warned.append,
        on_listening=lambda url: loop.call_soon(os.kill, os.getpid(), signal.SIGTERM),
    )
    assert received == signal.SIGTERM
    assert len(warned) == 1 and "other machines can reach it" in warned[0]
    assert printed[0].startswith("kctui serve: http://127.0.0.1:")


# --- the command, in a child process ----------------------------------------------------------


def assert_one_clean_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kctui: error: ") and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def serve_once(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kctui_argv("serve", *args),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env={**os.environ, **(env or {})},
    )


def test_a_port_in_use_is_one_line(db_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve_once("--port", str(port), "--db", str(db_path))
    assert_one_clean_line(result, f"cannot listen on 127.0.0.1:{port}", "in use")


def test_an_address_not_of_this_machine_is_one_line(db_path: Path) -> None:
    # 192.0.2.1 is documentation's own address (TEST-NET-1): no machine here has it.
    result = serve_once("--host", "192.0.2.1", "--port", "0", "--db", str(db_path))
    assert_one_clean_line(result, "cannot listen on 192.0.2.1:0")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--db", "/no/such/kc.duckdb"], "database not found"),
        (["--host", " "], "--host needs an address"),
    ],
)
def test_bad_arguments_are_one_line(args: list[str], fragment: str) -> None:
    assert_one_clean_line(serve_once("--port", "0", *args), fragment)


def test_a_bad_port_is_refused_by_the_parser() -> None:
    result = serve_once("--port", "70000")
    assert result.returncode == 2 and "between 0 and 65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_serve_extra_it_says_how_to_install(db_path: Path) -> None:
    # As if textual-serve were not installed: importing it fails.
    code = (
        "import sys; sys.modules['textual_serve'] = None; from kctui.cli import main; "
        f"sys.exit(main(['serve', '--db', {str(db_path)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=DEADLINE
    )
    assert_one_clean_line(result, "pip install 'kctui[serve]'", "textual_serve")


def test_ctrl_c_stops_the_server_and_every_session(db_path: Path) -> None:
    server = Server("--db", str(db_path))
    try:
        url = server.url()
        token = url.split("token=", 1)[1]
        screen = Screen()

        async def open_session() -> None:
            ws_address = url.split("/?", 1)[0].replace("http://", "ws://")
            async with aiohttp.ClientSession() as client:
                ws = await client.ws_connect(f"{ws_address}/ws?width=120&height=40&token={token}")
                await read_screen(ws, screen, *DASHBOARD_WORDS)
                server.out.wait_for(r"session 1 opened \(pid \d+")
                # Left open: Ctrl-C comes while the page is still there.
                status = await asyncio.to_thread(server.stop, signal.SIGINT)
                assert status == 130

        asyncio.run(open_session())
        (pid,) = server.session_pids()
        assert not alive(pid), "the session's explorer outlived the server"
        server.err.wait_for(r"interrupted")
        assert server.err.lines == ["kctui: interrupted"]
        assert "session 1 closed" in server.out.text()
    finally:
        server.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_a_closed_terminal_stops_the_server_quietly(
    db_path: Path, sig: signal.Signals
) -> None:
    server = Server("--db", str(db_path))
    try:
        url = server.url()
        screen = Screen()

        async def open_session() -> None:
            ws_address = url.split("/?", 1)[0].replace("http://", "ws://")
            token = url.split("token=", 1)[1]
            async with aiohttp.ClientSession() as client:
                ws = await client.ws_connect(f"{ws_address}/ws?width=120&height=40&token={token}")
                await read_screen(ws, screen, *DASHBOARD_WORDS)
                server.out.wait_for(r"session 1 opened")
                assert await asyncio.to_thread(server.stop, sig) == 0

        asyncio.run(open_session())
        (pid,) = server.session_pids()
        assert not alive(pid), "the session's explorer outlived the server"
        wait_until(lambda: server.process.poll() is not None, "the server to exit")
        assert server.err.lines == []
    finally:
        server.close()


async def test_an_explorer_that_ignores_quit_and_sigterm_is_killed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app that has hung: it answers textual-serve's handshake, then nothing.
    monkeypatch.setattr("kctui.server.session.GRACE", 0.5)
    hung = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush(); time.sleep(600)"
    )
    listening = await listen(
        Settings(db=db_path, port=0), out=lambda line: None, argv=[sys.executable, "-c", hung]
    )
    try:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(ws_url(listening, listening.server.token))
            await until_async(
                lambda: any(s.pid for s in listening.server.sessions.values()), "the app"
            )
            (session,) = listening.server.sessions.values()
            pid = session.pid
            assert pid is not None
            await until_async(lambda: session.finished is not None, "the relay")
            await ws.close()
        await until_async(lambda: not alive(pid), "the hung app to be killed")
        await until_async(lambda: not listening.server.sessions, "the slot to be free")
    finally:
        await listening.close()


def test_open_hands_the_link_to_the_browser(db_path: Path, tmp_path: Path) -> None:
    opened = tmp_path / "opened"
    # webbrowser runs $BROWSER with the URL in place of %s (here: $0 of sh -c).
    browser = f"sh -c 'echo \"$0\" > {opened}' %s"
    server = Server("--db", str(db_path), "--open", env={"BROWSER": browser})
    try:
        url = server.url()
        wait_until(lambda: opened.exists() and opened.read_text().strip() != "", "the browser")
        assert opened.read_text().strip() == url
        assert server.stop(signal.SIGINT) == 130
    finally:
        server.close()
