"""Helpers for the tests of ``kctui serve``: a child's output read with a deadline, the
text of the screen a session sends, and whether a process is still alive.

Every wait here is for something to arrive, with a generous deadline; none sleeps and
then asserts, so a slow machine makes a test slower, never red.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

DEADLINE = 60.0
"""Seconds to wait for anything a test waits for (a shared machine can be slow)."""

_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=!]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, the clipboard
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHM]"
)


def kctui_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "kctui", *args]


class Lines:
    """A stream's lines, read on a thread as they come."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._done = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            with self._changed:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._done = True
            self._changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = DEADLINE) -> re.Match[str]:
        """The first line matching ``pattern``, once it has been written."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if match := regex.search(line):
                        return match
                left = deadline - time.monotonic()
                if left <= 0 or self._done:
                    raise AssertionError(f"no line matching {pattern!r} in {self.lines!r}")
                self._changed.wait(left)

    def text(self) -> str:
        with self._changed:
            return "\n".join(self.lines)


class Server:
    """``kctui serve`` in a child process on a free port."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            kctui_argv("serve", "--port", "0", *args),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.out = Lines(self.process.stdout)
        self.err = Lines(self.process.stderr)

    def url(self) -> str:
        """The page's URL, token included, once the server prints it."""
        return self.out.wait_for(r"kctui serve: (http://\S+)").group(1)

    def session_pids(self) -> list[int]:
        return [int(p) for p in re.findall(r"opened \(pid (\d+)", self.out.text())]

    def stop(self, sig: int = signal.SIGINT, timeout: float = DEADLINE) -> int:
        """Send ``sig`` and wait for the server to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def close(self) -> None:
        if self.process.poll() is None:
            self.stop(signal.SIGINT)


def alive(pid: int) -> bool:
    """The process ``pid`` exists and has not exited (a zombie counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Screen:
    """The text a session has sent so far, its escape sequences taken out."""

    def __init__(self) -> None:
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self.chunks: list[str] = []
        self._lock = threading.Lock()

    def feed(self, data: bytes) -> None:
        with self._lock:
            self.chunks.append(_ESCAPES.sub(" ", self._decode(data)))

    def mark(self) -> int:
        """A place in what has arrived, to look only at what comes after it."""
        with self._lock:
            return len(self.chunks)

    def since(self, mark: int = 0) -> str:
        with self._lock:
            return "".join(self.chunks[mark:])

    def has(self, text: str, mark: int = 0) -> bool:
        return text in self.since(mark)
