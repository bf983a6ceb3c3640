"""End to end: the real `kctui` command in a real terminal (tmux), as a user drives it.

Starts kctui in a detached tmux session at 120x40 and at 80x24, visits every panel,
opens a detail view and the coverage grid (``g``), opens the console, runs a good and a
bad query, writes SQL in a second buffer and quits; the process must exit with status 0
and say where the buffers are. A second launch finds both buffers. Finds a figure (``f``)
and cites it (``y``): the OSC 52 sequence reaches the terminal, which tmux
(``set-clipboard on``) keeps as a paste buffer. Steps the timeline and the dashboard
through "as known on". Runs wherever tmux is installed (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
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
        # COLUMNS and LINES, where the server's environment has them, would win over the
        # pane's size (Textual asks shutil.get_terminal_size): an 80x24 app in a 120x40 pane.
        script = f"env -u COLUMNS -u LINES {exports} {quoted}; echo $? > '{status_file}'; sleep 30"
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

    def size(self) -> tuple[int, int]:
        """The window's size as tmux gives it (it may differ from the one asked for)."""
        out = subprocess.run(
            [
                *self.tmux,
                "display-message",
                "-p",
                "-t",
                self.name,
                "#{window_width} #{window_height}",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        return (int(out[0]), int(out[1])) if len(out) == 2 else (0, 0)

    def wait_until_gone(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never went from the screen:\n{self.screen()}")

    def wait_for_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text().strip():
                return int(self.status_file.read_text().strip())
            time.sleep(0.2)
        raise AssertionError(f"kctui did not exit:\n{self.screen()}")

    def tmux_output(self, *args: str) -> str:
        """What a tmux command of this terminal's server prints (``show-buffer``)."""
        return subprocess.run(
            [*self.tmux, *args], capture_output=True, text=True, check=False
        ).stdout

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
        # The kctui under test, not whichever one the script's environment installed.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
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
        # The coverage grid: the legend, the row labels, a period column, the cursor line.
        term.keys("g")
        screen = term.wait_for("KC's record")
        for text in ("sources disagree", "derived only", "Figure", "Revenue", "FY2017"):
            assert text in screen, text
        screen = term.wait_for("statement")  # the line under the grid: what the cursor is on
        assert "Traceback" not in screen
        term.keys("Escape")
        term.wait_for("Raised ")  # the dashboard's key figures again (pre-IPO when narrow)
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


def test_find_a_figure_and_cite_it_to_the_terminal_clipboard(db_path: Path, tmp_path: Path) -> None:
    env = {
        "KCTUI_CACHE_DIR": str(tmp_path / "cache"),
        "KCTUI_USER_DATA_DIR": str(tmp_path / "data-home"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    term = Terminal([*kctui_command(), "--db", str(db_path)], 120, 40, tmp_path / "status", env)
    try:
        # tmux takes an application's OSC 52 into a paste buffer.
        subprocess.run([*term.tmux, "set", "-g", "set-clipboard", "on"], check=True)
        term.wait_for("Financing")
        term.keys("f")
        term.wait_for("Find a figure")
        term.keys("74.67", literal=True)
        term.wait_for("US$74.67")
        term.keys("Down")
        term.wait_for("y Cite")
        term.keys("y")
        screen = term.wait_for("Copied the citation")
        assert "Traceback" not in screen
        deadline = time.monotonic() + 10
        while "kctui fact" not in (copied := term.tmux_output("show-buffer")):
            assert time.monotonic() < deadline, f"no OSC 52 reached tmux:\n{term.screen()}"
            time.sleep(0.2)
        assert copied.startswith("Kingsoft Cloud share price high")
        assert "US$74.67" in copied and "IT Home via fheadline" in copied
        assert re.search(r"kctui fact f\d+\.$", copied), copied
        term.keys("Escape")
        term.wait_for("Financing")
        term.keys("C-q")
        assert term.wait_for_exit() == 0
    finally:
        term.close()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_the_timeline_and_as_known_on(db_path: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    """``t`` opens the timeline with its chart; ``[`` and ``]`` step the date the title
    bar names, on the timeline and on the dashboard; ``\\`` is today again."""
    from kctui.core.asof import Calendar
    from kctui.core.db import Database

    db = Database(db_path)
    try:
        steps = Calendar.load(db).steps
    finally:
        db.close()
    env = {
        "KCTUI_CACHE_DIR": str(tmp_path / "cache"),
        "KCTUI_USER_DATA_DIR": str(tmp_path / "data-home"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        # The kctui under test, not whichever one the script's environment installed.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    term = Terminal([*kctui_command(), "--db", str(db_path)], *size, tmp_path / "status", env)
    try:
        term.wait_for("Financing")
        if term.size()[1] >= 40:  # the IPO's row in view: its price per ADS, from its source
            term.wait_for("US$17/ADS")
        term.keys("t")
        term.wait_for("Timeline")
        screen = term.wait_for("high/low")  # the legend: both axes, the marks
        assert "US$" in screen and "left" in screen and "right" in screen
        assert "2012" in screen and "Traceback" not in screen
        term.keys("End")
        term.wait_for("Next earnings")  # the last entry, scheduled by the latest source
        term.keys("[", literal=True)
        term.wait_for(f"as known on {steps[-2].day.isoformat()}")
        term.wait_for("Today")  # the key bar offers the way back
        term.wait_until_gone("Next earnings")  # the latest source's entries are gone
        term.keys("Escape")
        term.wait_for("Financing")
        screen = term.wait_for(f"as known on {steps[-2].day.isoformat()}")  # the dashboard follows
        term.keys("[", literal=True)
        term.wait_for(f"as known on {steps[-3].day.isoformat()}")
        term.keys("]", literal=True)
        term.wait_for(f"as known on {steps[-2].day.isoformat()}")
        term.keys("\\", literal=True)
        term.wait_for("Kingsoft Cloud (NASDAQ")  # today: the app's own title again
        assert "as known on" not in term.screen()
        term.keys("C-q")
        assert term.wait_for_exit() == 0
    finally:
        term.close()
