"""The web application: textual-serve's, behind a token, with a session limit and an
offline page; one explorer per websocket."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import secrets
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.server import Server

from kctui.server.session import Session
from kctui.server.settings import Settings, explorer_argv

PAGE = Path(__file__).parent.parent / "web" / "index.html"
"""The page that runs the explorer (textual-serve's template, made offline)."""
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

log = logging.getLogger("kctui.server")


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
