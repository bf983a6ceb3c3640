"""The console's query history: a JSON-lines file in the user's data directory. No Textual.

Each run appends one line with a single ``write`` on a file opened for appending, so
an entry is either wholly there or not at all, and two kctui sessions can share the
file. Reading skips lines it cannot parse (a torn last line after a crash, a hand
edit), so one bad line never costs the rest. When the file grows past twice the kept
limit it is rewritten atomically (temporary file, then ``os.replace``). A directory
that cannot be written never loses what is already saved: the entry stays in memory
for the session and :class:`HistoryError` says why it was not saved.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from kctui.core.paths import user_data_dir

FILE_NAME = "history.jsonl"
LIMIT = 1000
"""Entries kept; the file is compacted to this many once it holds twice as many."""


class HistoryError(Exception):
    """The history could not be saved (or read); the message is one line for the user."""


@dataclass(frozen=True)
class Entry:
    """One run of the console."""

    sql: str
    at: str
    """Local time of the run, ISO 8601 to the second."""
    status: str
    """``ok``, ``error`` or ``cancelled``."""
    rows: int | None = None
    """Rows of the result when known (a lower bound while it was still streaming)."""
    elapsed: float | None = None
    """Seconds to the first page of rows."""

    @classmethod
    def from_json(cls, line: str) -> Entry | None:
        """Parse one line; ``None`` for anything that is not a valid entry."""
        try:
            data = json.loads(line)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("sql"), str):
            return None
        rows = data.get("rows")
        elapsed = data.get("elapsed")
        return cls(
            sql=data["sql"],
            at=str(data.get("at", "")),
            status=str(data.get("status", "ok")),
            rows=rows if isinstance(rows, int) else None,
            elapsed=float(elapsed) if isinstance(elapsed, int | float) else None,
        )


class History:
    """Past runs, oldest first, backed by a JSON-lines file."""

    def __init__(self, path: Path | None = None, limit: int = LIMIT) -> None:
        self.path = path if path is not None else user_data_dir() / FILE_NAME
        self.limit = limit
        self.entries: list[Entry] = []
        self._lines_on_disk = 0
        self._needs_newline = False
        self.load_error: str | None = None
        """Why the saved history could not be read, if it could not."""
        self._load()

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.load_error = f"cannot read history {self.path}: {exc.strerror or exc}"
            return
        text = data.decode("utf-8", errors="replace")
        self._needs_newline = bool(text) and not text.endswith("\n")
        lines = text.splitlines()
        self._lines_on_disk = len(lines)
        parsed = (Entry.from_json(line) for line in lines if line.strip())
        self.entries = [e for e in parsed if e is not None][-self.limit :]

    def add(
        self,
        sql: str,
        status: str,
        rows: int | None = None,
        elapsed: float | None = None,
    ) -> Entry:
        """Record a run; raise :class:`HistoryError` if it could not be saved to disk.

        The entry is in :attr:`entries` either way, for the rest of the session.
        """
        entry = Entry(
            sql=sql,
            at=datetime.now().isoformat(timespec="seconds"),
            status=status,
            rows=rows,
            elapsed=None if elapsed is None else round(elapsed, 4),
        )
        self.entries.append(entry)
        del self.entries[: -self.limit]
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        if self._needs_newline:
            line = "\n" + line
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                data = line.encode("utf-8")
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(f"short write ({written} of {len(data)} bytes)")
            finally:
                os.close(fd)
        except OSError as exc:
            raise HistoryError(
                f"history not saved: cannot write {self.path}: {exc.strerror or exc}"
            ) from None
        self._needs_newline = False
        self._lines_on_disk += 1
        if self._lines_on_disk > 2 * self.limit:
            self._compact()
        return entry

    def _compact(self) -> None:
        """Rewrite the file with its newest entries, atomically; on failure keep it as is."""
        try:
            # Re-read: another session may have appended since this one loaded.
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
            fd, tmp = tempfile.mkstemp(prefix=".history-", dir=self.path.parent)
        except OSError:
            return
        kept = [e for e in map(Entry.from_json, lines) if e is not None][-self.limit :]
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                for entry in kept:
                    out.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            os.replace(tmp, self.path)
            self._lines_on_disk = len(kept)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def recent(self) -> list[Entry]:
        """Entries newest first, each SQL text once (its latest run)."""
        seen: set[str] = set()
        out: list[Entry] = []
        for entry in reversed(self.entries):
            if entry.sql not in seen:
                seen.add(entry.sql)
                out.append(entry)
        return out
