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

from kctui.server.app import KctuiServer
from kctui.server.run import Listening, listen, serve
from kctui.server.session import GRACE, Session
from kctui.server.settings import ServeError, Settings, explorer_argv, is_loopback, url_host

__all__ = [
    "GRACE",
    "KctuiServer",
    "Listening",
    "ServeError",
    "Session",
    "Settings",
    "explorer_argv",
    "is_loopback",
    "listen",
    "serve",
    "url_host",
]
