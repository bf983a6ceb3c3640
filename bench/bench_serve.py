"""kctui serve: page request → first frame with the dashboard's data, beside the terminal
launch measured in the same run; and the memory of one served session.

    python bench/bench_serve.py [--runs N] [--no-browser]

Prints medians and ratios, asserts nothing (there is no budget for it in DESIGN.md yet).

* Terminal: bench_dashboard's launch, a fresh ``kctui`` process at 120x40 until a frame
  with the dashboard's data is written (spawn → painted), as ``kctui`` starts it.
* Served, protocol: one ``kctui serve`` runs throughout (started once, as a user leaves
  it running); each run is a new page: GET the page with its token, open the websocket
  at 120x40 as textual.js does, and stop the clock at the first frame that holds the
  dashboard's data (a financing round's investor). That is the server's share: a new
  explorer process per page, Textual's web driver, the relay.
* Served, in Chromium (where the system has one and Playwright is installed): the same
  from ``page.goto`` to that frame, the page's own scripts and xterm.js included. The
  browser is started once; each run is a new tab.
* Memory: the peak resident set (VmHWM) of a served session's explorer once it shows
  the dashboard, beside the terminal explorer's launched to the same point; and the
  server's own resident set between pages.

Runs alternate (terminal, protocol, browser) so a busy machine slows all alike; each
served run waits for the previous page's explorer to end first.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, kctui_command, median, row

sys.path.insert(0, str(ROOT))

DATA_WORD = "Xiaomi"
"""In the first frame that shows the dashboard's data (the first round's investor)."""
TIMEOUT = 60.0
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
Row = tuple[str, str, str, bool | None]


class ServerProcess:
    """``kctui serve --port 0`` in a child process; its output lines read on a thread."""

    def __init__(self, db: str) -> None:
        self.process = subprocess.Popen(
            [*kctui_command(), "serve", "--port", "0", "--db", db, "--max-sessions", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(r"kctui serve: (http://\S+)").group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, pattern: str) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT
        with self._changed:
            while True:
                for line in self.lines:
                    if match := regex.search(line):
                        return match
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"kctui serve: no {pattern!r} in {self.lines!r}")
                self._changed.wait(0.5)

    def session_pid(self, number: int) -> int:
        return int(self.wait_for(rf"session {number} opened \(pid (\d+)").group(1))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(2)  # Ctrl-C: every session's explorer ends first
            try:
                self.process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _status_mb(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` now, in MB (VmRSS); 0 if it is gone."""
    return _status_mb(pid, "VmRSS")


def peak_rss_mb(pid: int) -> float:
    """The most resident memory ``pid`` has had, in MB (VmHWM); 0 if it is gone."""
    return _status_mb(pid, "VmHWM")


async def protocol_page(url: str, hold: Any = None) -> float:
    """Seconds from the page's request to the first frame with the dashboard's data.

    ``hold``, if given, is awaited with the page still open (to measure its memory)."""
    import aiohttp

    base = url.split("/?", 1)[0]
    token = url.split("token=", 1)[1]
    decode = codecs.getincrementaldecoder("utf-8")("replace").decode
    text = ""
    async with aiohttp.ClientSession() as client:
        start = time.perf_counter()
        async with client.get(url) as page:
            await page.read()
        ws = await client.ws_connect(
            base.replace("http://", "ws://") + f"/ws?width=120&height=40&token={token}"
        )
        while DATA_WORD not in text:
            message = await asyncio.wait_for(ws.receive(), TIMEOUT)
            if message.type != aiohttp.WSMsgType.BINARY:
                raise SystemExit(f"the session ended before the dashboard: {message}")
            text += _ESCAPES.sub(" ", decode(message.data))
        took = time.perf_counter() - start
        if hold is not None:
            await hold()
        await ws.close()
    return took


def run_async(coroutine: Any) -> Any:
    """``asyncio.run`` on a thread of its own: Playwright's sync API holds this one's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Browser:
    """The system's Chromium, driven by Playwright; one tab per run."""

    ARGS = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]

    def __init__(self, executable: str, profile: str) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=self.ARGS,
            viewport={"width": 1100, "height": 860},
        )

    def page(self, url: str) -> float:
        """Seconds from ``page.goto`` to the first frame with the dashboard's data."""
        decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        seen: list[float] = []
        text: list[str] = []

        def frame(data: str | bytes) -> None:
            if isinstance(data, bytes) and not seen:
                text.append(_ESCAPES.sub(" ", decode(data)))
                if DATA_WORD in "".join(text):
                    seen.append(time.perf_counter())

        page = self.context.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", frame))
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        deadline = start + TIMEOUT
        while not seen:
            if time.perf_counter() > deadline:
                raise SystemExit("the browser never showed the dashboard")
            page.wait_for_timeout(5)  # Playwright delivers frames while it waits
        page.close()
        return seen[0] - start

    def close(self) -> None:
        self.context.close()
        self._playwright.stop()


def chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def child_terminal(db: str) -> None:
    """The terminal explorer as bench_dashboard launches it; its peak memory on stderr."""
    import bench_dashboard

    bench_dashboard.child_dashboard(db)
    os.write(2, f"peak {peak_rss_mb(os.getpid()):.1f}\n".encode())


def terminal_peak_mb(db: str) -> float:
    """Peak RSS of the terminal explorer, launched until painted with data, then exited."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "terminal", "--db", db],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    found = re.search(r"peak ([\d.]+)", result.stderr)
    return float(found.group(1)) if found else 0.0


def measure(runs: int = 7, browser: bool = True) -> list[Row]:
    import bench_dashboard

    from kctui.build import build

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kctui-bench-serve-") as tmp:
        db = str(Path(tmp) / "kc.duckdb")
        build(ROOT / "data", Path(db))
        terminal_argv = [
            sys.executable,
            str(Path(bench_dashboard.__file__).resolve()),
            "--child",
            "dashboard",
            "--db",
            db,
        ]
        server = ServerProcess(db)
        executable = chromium() if browser else None
        chrome: Browser | None = None
        try:
            if executable is not None:
                try:
                    chrome = Browser(executable, str(Path(tmp) / "profile"))
                except Exception as exc:  # no Playwright, or it cannot start Chromium
                    rows.append((f"(no browser run: {type(exc).__name__}: {exc})", "", "", None))
            number = 0

            def served(kind: str) -> float:
                nonlocal number
                number += 1
                if kind == "browser":
                    assert chrome is not None
                    took = chrome.page(server.url)
                else:
                    took = run_async(protocol_page(server.url))
                server.wait_for(rf"session {number} closed")  # its explorer has ended
                return took

            # Warm-up: the first of each pays for cold caches.
            bench_dashboard.launch(terminal_argv)
            served("protocol")
            if chrome is not None:
                served("browser")
            times: dict[str, list[float]] = {"terminal": [], "protocol": [], "browser": []}
            for _ in range(runs):
                times["terminal"].append(bench_dashboard.launch(terminal_argv)[0])
                times["protocol"].append(served("protocol"))
                if chrome is not None:
                    times["browser"].append(served("browser"))

            # Memory: one session, held open once its dashboard shows.
            number += 1
            session_mb: list[float] = []

            async def hold() -> None:
                session_mb.append(peak_rss_mb(server.session_pid(number)))

            run_async(protocol_page(server.url, hold))
            server.wait_for(rf"session {number} closed")
            server_mb = rss_mb(server.process.pid)
            term_mb = terminal_peak_mb(db)
        finally:
            if chrome is not None:
                chrome.close()
            server.stop()

    terminal = median(times["terminal"])
    protocol = median(times["protocol"])
    rows += [
        (
            "terminal: kctui launch → painted with data, 120x40 (baseline)",
            f"{terminal * 1000:.0f} ms",
            "-",
            None,
        ),
        (
            "served: page request → first dashboard frame (protocol client)",
            f"{protocol * 1000:.0f} ms",
            "-",
            None,
        ),
        ("  ratio to the terminal launch", f"{protocol / terminal:.2f}x", "-", None),
    ]
    if times["browser"]:
        in_browser = median(times["browser"])
        rows += [
            (
                "served: page request → first dashboard frame (Chromium)",
                f"{in_browser * 1000:.0f} ms",
                "-",
                None,
            ),
            ("  ratio to the terminal launch", f"{in_browser / terminal:.2f}x", "-", None),
        ]
    rows += [
        (
            "memory: one served session's explorer, dashboard shown (peak RSS)",
            f"{session_mb[0]:.0f} MB",
            "-",
            None,
        ),
        (
            "memory: the terminal explorer, dashboard shown (peak RSS)",
            f"{term_mb:.0f} MB",
            "-",
            None,
        ),
        ("memory: the server itself, between pages (RSS)", f"{server_mb:.0f} MB", "-", None),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true", help="the protocol client only")
    parser.add_argument("--child", choices=("terminal",), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "terminal":
        child_terminal(args.db)
        return
    os.environ.setdefault("TEXTUAL", "")
    print(f"{args.runs} runs of each, alternating")
    for what, measured, budget, ok in measure(args.runs, browser=not args.no_browser):
        print(row(what, measured, budget, ok) if measured or budget else what)


if __name__ == "__main__":
    main()
