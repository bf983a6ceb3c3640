"""``kctui serve``: the same explorer in a web browser, private by default.

The database is found (or built) and verified once, before serving, so that every
page opens the same checked file; then :mod:`kctui.server` serves it. textual-serve
and aiohttp come with the ``serve`` extra and are imported only here, once the command
runs (never by ``kctui sql`` or ``kctui build``); without them the command says in one
line how to install them.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any

from kctui.cli.common import CliError, open_database, say

INSTALL_HINT = "pip install 'kctui[serve]'"


def add_parser(sub: Any) -> None:
    s = sub.add_parser(
        "serve",
        help="serve the explorer to a web browser (private link, this machine only by default)",
        description="Serve the explorer to a web browser: each page is its own explorer on "
        "the same database. The printed link carries a random token; any request without "
        "it is refused.",
    )
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; "
        "any other prints a warning)",
    )
    s.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    s.add_argument("--db", metavar="PATH", dest="sub_db", help="database to explore")
    s.add_argument(
        "--max-sessions",
        type=_positive,
        default=3,
        metavar="N",
        help="pages open at once, at most (default: 3); each is one explorer process",
    )
    s.add_argument("--open", action="store_true", help="open the link in a web browser")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not between 0 and 65535")
    return port


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def run(args: argparse.Namespace) -> int:
    try:
        from kctui.server import ServeError, Settings, serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] == "kctui":
            raise  # a bug of ours, not a missing extra
        raise CliError(
            f"kctui serve needs the serve extra ({exc.name} is not installed): {INSTALL_HINT}"
        ) from None
    import asyncio

    host = args.host.strip().removeprefix("[").removesuffix("]")  # [::1] as in a URL
    if not host:
        raise CliError("--host needs an address, e.g. 127.0.0.1")
    db = open_database(args.sub_db if args.sub_db is not None else args.db)
    path = db.path.resolve()
    db.close()
    settings = Settings(db=path, host=host, port=args.port, max_sessions=args.max_sessions)

    def out(line: str) -> None:
        try:
            print(line, flush=True)
        except (OSError, ValueError):
            # stdout is gone (kctui serve | head -1, to take the link): serve on, quietly.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the process's life

    def listening(url: str) -> None:
        if args.open:
            # A thread that never holds up the exit: a console browser may run for long.
            threading.Thread(target=_open_browser, args=(url,), daemon=True).start()

    try:
        received = asyncio.run(serve(settings, out=out, warn=say, on_listening=listening))
    except ServeError as exc:
        raise CliError(str(exc)) from None
    if received == signal.SIGINT:
        raise KeyboardInterrupt
    return 0


def _open_browser(url: str) -> None:
    import webbrowser

    if not webbrowser.open(url):
        say("no web browser found to open; open the link above in one")
