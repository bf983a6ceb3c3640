"""End to end: the real `kctui` command in a real terminal (tmux), as a user drives it.

Starts kctui in a detached tmux session at 120x40 and at 80x24, visits every panel,
opens a detail view, opens the console, runs a good and a bad query, writes SQL in a
second buffer and quits; the process must exit with status 0 and say where the
buffers are. A second launch finds both buffers. Runs wherever tmux is installed
(.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def kctui_command() -> list[str]:
    script = Path(sys.executable).parent / "kctui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kctui"]


class Terminal:
    """A tmux session running one command, on a tmux server of its own.

    Its own socket (``-L``) and no config file (``-f /dev/null``): a tmux server that
    something else on the machine started has that process's environment (another
    checkout's PYTHONPATH, say) and its own window sizes, and would run another kctui.
    """

    def __init__(
        self, command: list[str], width: int, height: int, status_file: Path, env: dict[str, str]
    ) -> None:
        self.name = f"kctui-e2e-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        quoted = " ".join(f"'{part}'" for part in command)
        exports = " ".join(f"{k}='{v}'" for k, v in env.items())
        script = f"env {exports} {quoted}; echo $? > '{status_file}'; sleep 30"
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                script,
            ],
            check=True,
        )
        self.status_file = status_file

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def wait_for_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return int(self.status_file.read_text().strip())
            time.sleep(0.2)
        raise AssertionError(f"kctui did not exit:\n{self.screen()}")

    def close(self) -> None:
        # The server is this terminal's own: it goes with its one session.
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, check=False)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_a_user_session(db_path: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    env = {
        "KCTUI_CACHE_DIR": str(tmp_path / "cache"),
        "KCTUI_USER_DATA_DIR": str(tmp_path / "data-home"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    term = Terminal([*kctui_command(), "--db", str(db_path)], *size, tmp_path / "status", env)
    try:
        screen = term.wait_for("Financing")
        assert "Traceback" not in screen
        for key in ("1", "2", "3", "4"):
            term.keys(key)
            time.sleep(0.3)
        term.keys("2")
        time.sleep(0.3)
        term.keys("Enter")
        term.wait_for("behind it")  # the detail view, its statements loaded
        term.keys("o")  # its quote, in the whole document
        screen = term.wait_for("sha256")  # the document's head, once loaded
        assert "Next quote" in screen and "quote " in screen
        term.keys("Escape")
        term.wait_for("escape: back")
        term.keys("Escape")
        time.sleep(0.5)
        term.keys("F2")
        time.sleep(1.0)
        term.keys("select 6 * 7 as answer", literal=True)
        term.keys("F5")
        term.wait_for("42")
        term.keys("C-a")  # select all: what is typed next replaces it
        term.keys("selec nonsense", literal=True)
        term.keys("F5")
        screen = term.wait_for("syntax error")
        assert "Traceback" not in screen
        term.keys("C-n")
        term.wait_for("Buffer 2")
        term.keys("select 'the second buffer' as b", literal=True)
        term.keys("F5")
        term.wait_for(" b text")  # the result's header: the query ran
        term.keys("C-q")
        assert term.wait_for_exit() == 0
        said = term.wait_for("SQL buffers saved in").replace("\n", "")  # the line may wrap
        assert "2 SQL buffers saved in" in said and "buffers.json" in said
    finally:
        term.close()
    # Launch again: both buffers are back, the second one shown.
    status = tmp_path / "status-again"
    term = Terminal([*kctui_command(), "--db", str(db_path)], *size, status, env)
    try:
        term.wait_for("Financing")
        term.keys("F2")
        screen = term.wait_for("select 'the second buffer' as b")
        assert "1 Buffer 1" in screen and "2 Buffer 2" in screen  # both tabs, before a key
        term.keys("C-PageUp")
        term.wait_for("selec nonsense")
        term.keys("C-q")
        assert term.wait_for_exit() == 0
    finally:
        term.close()
