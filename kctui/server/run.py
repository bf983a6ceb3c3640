"""Listening, and serving until a signal: every explorer ended before the server exits."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
from collections.abc import Callable

from aiohttp import web

from kctui.server import session
from kctui.server.app import KctuiServer
from kctui.server.settings import ServeError, Settings, is_loopback, url_host

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""What stops the server, each explorer ended first."""


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
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=session.GRACE
    )
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
