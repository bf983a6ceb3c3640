"""``kctui serve``'s web server: the explorer in a browser page, private by default.

textual-serve does the serving: an aiohttp application whose page runs xterm.js, and
a websocket per page over which it starts one process of a Textual app and relays its
screen and keys (Textual's web driver, chosen through ``TEXTUAL_DRIVER``). Each page
is its own ``kctui --db PATH`` process on the one database checked before serving.

What kctui adds around textual-serve, which has no authentication or limits:

- **A token.** :func:`secrets.token_urlsafe` at start; the printed URL carries it
  (``?token=...``). A middleware over textual-serve's whole application answers 403 to
  every request without it (the page, the websocket, static files, downloads), before
  any handler runs, so no app process is started. The page sets it in a cookie
  (``HttpOnly``, ``SameSite=Strict``) because textual.js builds the websocket's and the
  downloads' URLs itself and cannot carry a query of ours; the cookie's name holds the
  port, as browsers share cookies between the ports of one host.
- **A limit on sessions** (``max_sessions``). The page says so when it is reached (503)
  and the websocket refuses a session over it (a page loaded just before the last slot
  went), without starting a process.
- **Sessions end with their page.** When the websocket closes (the tab closed, the
  network gone: aiohttp's heartbeat notices), the app is asked to quit, then sent
  SIGTERM, then SIGKILL, each after a grace period. Every app runs in a session of its
  own (``start_new_session``), so a Ctrl-C at the server's terminal reaches only the
  server, which then ends every app itself before it exits: no orphans.
- **An offline page** (``kctui/web/index.html``): textual-serve's own template loads
  its font from Google Fonts; ours uses the font textual-serve ships, and its
  Content-Security-Policy keeps the page to this server.

textual-serve's internals this relies on (``Server._make_app``, ``AppService``'s
``_open_app_process``, ``_build_environment``, ``_process`` and ``_task``) are checked by
``tests/test_serve.py`` so that an upgrade that changes them fails there, loudly.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import html
import ipaddress
import logging
import os
import secrets
import shlex
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

PAGE = Path(__file__).with_name("web") / "index.html"
"""The page that runs the explorer (textual-serve's template, made offline)."""
GRACE = 5.0
"""Seconds an app is given at each step of ending it (quit, then SIGTERM, then SIGKILL)."""
SECURITY_HEADERS = {
    # The token is in the page's URL: never send it on in a Referer.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
PAGE_POLICY = (
    # Everything from this server, nothing from anywhere else: the page works offline,
    # and a script of the app's data could not call out even if one got in. xterm.js
    # and textual.js insert styles; the page's own script is one onclick.
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOWNLOAD_POLICY = (
    # Downloads the browser shows itself, such as a screenshot's SVG, which Rich writes
    # with a web font from a CDN: the browser uses a local font instead of asking.
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""What stops the server, each explorer ended first."""

log = logging.getLogger("kctui.server")


class ServeError(Exception):
    """The server cannot start; the message is one line for the user."""


@dataclass(frozen=True)
class Settings:
    """What ``kctui serve`` was asked for."""

    db: Path
    """The database every session opens (already found, built and verified)."""
    host: str = "127.0.0.1"
    port: int = 8000
    """0: any free port (the URL printed says which)."""
    max_sessions: int = 3


def is_loopback(host: str) -> bool:
    """``host`` is reachable from this machine only."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def explorer_argv(db: Path) -> list[str]:
    """The command each session runs: the explorer, as ``kctui --db PATH`` runs it."""
    return [sys.executable, "-m", "kctui", "--db", str(db)]


class Session(AppService):
    """One page's explorer: textual-serve's AppService, but started without a shell, in a
    session of its own, and ended for certain (:meth:`end`)."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        # AppService runs its command through a shell; ours is an argument list (a
        # database path with spaces or quotes in it stays one argument), and its own
        # session keeps the terminal's Ctrl-C for the server, which ends it itself.
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        """The app's process id, once started."""
        return None if self._process is None else self._process.pid

    @property
    def finished(self) -> asyncio.Task[None] | None:
        """The task relaying the app's output: done once the app's output ends."""
        return self._task

    async def end(self, grace: float | None = None) -> None:
        """Ask the app to quit; past ``grace`` seconds (:data:`GRACE`), SIGTERM it, then
        SIGKILL it."""
        grace = GRACE if grace is None else grace
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(self.stop(), grace)
        process = self._process
        if process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                await asyncio.wait_for(process.wait(), grace)
                return
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, sig)
        await process.wait()


class KctuiServer(Server):
    """textual-serve's Server with a token, a session limit and an offline page."""

    def __init__(
        self,
        settings: Settings,
        *,
        token: str | None = None,
        out: Callable[[str], None] = print,
    ) -> None:
        self.argv = explorer_argv(settings.db)
        super().__init__(
            shlex.join(self.argv), host=settings.host, port=settings.port, title="kctui"
        )
        self.settings = settings
        self.token = token or secrets.token_urlsafe(24)
        self.out = out
        self.sessions: dict[int, Session] = {}
        """Open sessions by number (a slot is taken before the app is started)."""
        self.closing = False
        """Set while the server stops: no session starts any more."""
        self._count = 0
        self._sockets: set[web.WebSocketResponse] = set()
        self._page = PAGE.read_text(encoding="utf-8")

    # --- the application ----------------------------------------------------------------

    async def make_app(self) -> web.Application:
        """textual-serve's application, every route of it behind the token."""
        app = await self._make_app()
        app.middlewares.append(self._guard)
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self._close_sockets)
        return app

    @property
    def cookie(self) -> str:
        # Browsers share a host's cookies between its ports: one name per server.
        return f"kctui_token_{self.port}"

    def authorised(self, request: web.Request) -> bool:
        """The request carries this server's token, in its query or its cookie."""
        expected = self.token.encode()
        for given in (request.query.get("token"), request.cookies.get(self.cookie)):
            # compare_digest: the time taken says nothing of how much of a guess was right.
            if given is not None and hmac.compare_digest(
                given.encode("utf-8", "replace"), expected
            ):
                return True
        return False

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if not self.authorised(request) or not self._same_origin(request):
            return web.Response(
                status=403,
                text="403 Forbidden: open the link kctui serve printed (it carries the token)\n",
            )
        response: web.StreamResponse = await handler(request)
        return response

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        # Just before any response's headers go out (streamed ones too, as downloads are).
        response.headers.update(SECURITY_HEADERS)
        if request.path.startswith("/download/"):
            response.headers["Content-Security-Policy"] = DOWNLOAD_POLICY

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        # A page elsewhere cannot open our websocket with a stolen cookie (browsers send
        # an Origin with every websocket and cross-site request).
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    async def _close_sockets(self, app: web.Application | None = None) -> None:
        for socket in list(self._sockets):
            with contextlib.suppress(Exception):
                await socket.close(code=1001, message=b"kctui serve stopped")

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here; kctui prints its URL once listening."""

    # --- the page -----------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, or a page that says the session limit is reached."""
        if self.closing or len(self.sessions) >= self.settings.max_sessions:
            response = web.Response(
                status=503, text=self.busy_page(), content_type="text/html", charset="utf-8"
            )
        else:
            try:
                font_size = min(32, max(8, int(request.query.get("fontsize", "16"))))
            except ValueError:
                font_size = 16
            fields = {
                "title": "kctui",
                "static": "/static/",
                "websocket": f"ws://{request.host}/ws",
                "font_size": str(font_size),
            }
            page = self._page
            for name, value in fields.items():
                page = page.replace("{{" + name + "}}", html.escape(value))
            response = web.Response(text=page, content_type="text/html", charset="utf-8")
            response.headers["Content-Security-Policy"] = PAGE_POLICY
        response.headers["Cache-Control"] = "no-store"
        response.set_cookie(
            self.cookie, self.token, httponly=True, samesite="Strict", path="/", max_age=None
        )
        return response

    def busy_page(self) -> str:
        """The page shown while every session is taken (or the server is stopping)."""
        limit = self.settings.max_sessions
        if self.closing:
            title, text = "kctui serve is stopping", "It is ending every page's explorer."
        else:
            title = f"kctui is showing {limit} page{'s' if limit != 1 else ''} already"
            text = (
                f"That is the most this server allows at once (kctui serve --max-sessions "
                f"{limit}). Close one of those pages, then reload this one."
            )
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="referrer" content="no-referrer"><title>kctui: busy</title></head>'
            '<body style="background:#0c181f;color:#eee;font-family:monospace;padding:2em">'
            f"<h1>{title}</h1><p>{text}</p></body></html>"
        )

    # --- one session per websocket --------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start the page's explorer, relay it until either side ends, then end it."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if self.closing or len(self.sessions) >= self.settings.max_sessions:
            # The page was loaded while a slot was free; it is not now. No app starts.
            await websocket.prepare(request)
            await websocket.send_bytes(
                b"\r\n  kctui: every session this server allows is in use; "
                b"close another page, then start again.\r\n"
            )
            await websocket.close(code=1013, message=b"session limit reached")
            return websocket
        width = _to_int(request.query.get("width"), 80)
        height = _to_int(request.query.get("height"), 24)
        self._count += 1
        number = self._count
        session = Session(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.sessions[number] = session  # the slot is taken before anything is awaited
        self._sockets.add(websocket)
        try:
            await websocket.prepare(request)
            await session.start(width, height)
            self._say(
                f"session {number} opened (pid {session.pid}; "
                f"{len(self.sessions)} of {self.settings.max_sessions})"
            )
            relay = asyncio.create_task(self._process_messages(websocket, session))
            assert session.finished is not None
            await asyncio.wait({relay, session.finished}, return_when=asyncio.FIRST_COMPLETED)
            if not relay.done():  # the app ended first (quit, or failed): close the page's end
                await websocket.close()
                relay.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await relay
        except (OSError, RuntimeError) as exc:  # the page went, or the app could not start
            log.debug("session %s: %s", number, exc)
        finally:
            self._sockets.discard(websocket)
            # Shielded: a server stopping may cancel this handler; the app must still end
            # (and end_sessions waits for it).
            await asyncio.shield(self._end(number, session))
        return websocket

    async def _end(self, number: int, session: Session) -> None:
        try:
            await session.end()
        finally:
            self.sessions.pop(number, None)
            self._say(f"session {number} closed")

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        # textual-serve's loop, minus its assertion on the message's shape: a client
        # sending something else must not end the server's handler with a traceback.
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = message.json()
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(
                    _to_int(data.get("width"), 80), _to_int(data.get("height"), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def end_sessions(self) -> None:
        """Refuse new sessions, close every page's websocket, and end every app (each
        within its grace periods), whatever state its page's handler is in."""
        self.closing = True
        await self._close_sockets()
        await asyncio.gather(
            *(session.end() for session in list(self.sessions.values())), return_exceptions=True
        )

    def _say(self, line: str) -> None:
        self.out(f"kctui serve: {line}")


def _to_int(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 10_000 else default


class Listening:
    """A :class:`KctuiServer` that answers at :attr:`url`, until :meth:`close`."""

    def __init__(self, server: KctuiServer, runner: web.AppRunner, url: str) -> None:
        self.server = server
        self.runner = runner
        self.url = url
        """The page's address, with the token."""

    async def close(self) -> None:
        """End every session's app, then stop listening."""
        await self.server.end_sessions()  # before the runner, which would cancel their ending
        await self.runner.cleanup()


async def listen(
    settings: Settings,
    *,
    token: str | None = None,
    out: Callable[[str], None] = print,
    argv: list[str] | None = None,
) -> Listening:
    """Start answering (``argv``: another command for each session, for tests)."""
    server = KctuiServer(settings, token=token, out=out)
    if argv is not None:
        server.argv = argv
    logging.getLogger("textual-serve").setLevel(logging.ERROR)
    app = await server.make_app()
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=GRACE)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            reason = "the port is in use (another kctui serve? try --port)"
        raise ServeError(
            f"cannot listen on {url_host(settings.host)}:{settings.port}: {reason}"
        ) from None
    for address in runner.addresses:  # the port the system chose, for --port 0
        if isinstance(address, tuple) and len(address) >= 2:
            server.port = int(address[1])
            break
    url = f"http://{url_host(settings.host)}:{server.port}/?token={server.token}"
    return Listening(server, runner, url)


async def serve(
    settings: Settings,
    *,
    token: str | None = None,
    out: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
    on_listening: Callable[[str], None] | None = None,
) -> int:
    """Serve until SIGINT, SIGTERM or SIGHUP; return the signal's number, once every app
    has ended.

    ``out`` gets the URL and the sessions' comings and goings; ``warn`` the warning of
    a host that is not this machine's; ``on_listening`` the URL, once it answers.
    """
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    received: list[int] = []

    def stop(sig: int) -> None:
        received.append(sig)
        stopped.set()

    # Before the URL is printed: whoever reads it may signal at once. SIGHUP too: its
    # terminal closing would otherwise end the server and leave every explorer running.
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop, sig)
    try:
        listening = await listen(settings, token=token, out=out)
        try:
            if not is_loopback(settings.host):
                warn(
                    f"warning: listening on {settings.host}, so other machines can reach it; "
                    "anyone with the link can use the explorer"
                )
            out(f"kctui serve: {listening.url}")
            out(
                f"kctui serve: the explorer on {settings.db}, at most "
                f"{settings.max_sessions} session(s) at once; Ctrl-C stops"
            )
            if on_listening is not None:
                on_listening(listening.url)
            await stopped.wait()
        finally:
            await listening.close()
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
    return received[0] if received else 0
