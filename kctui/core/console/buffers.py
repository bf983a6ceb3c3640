"""The console's SQL buffers on disk, and ``.sql`` files. No Textual here.

Every buffer (its name, text, cursor, selection and the file it belongs to, if any)
is kept in one JSON file in the user's data directory, ``buffers.json``, rewritten
whenever something changes: written to a temporary file in the same folder, flushed
to disk, then moved over the old one (``os.replace``), so the file on disk is always a
whole, earlier or later, version, never half of one. A file that cannot be read back
(a hand edit, another program) is set aside as ``buffers.json.bad-<time>`` rather than
overwritten, so its text can still be recovered. A folder that cannot be written
raises :class:`BufferStoreError`; the caller keeps the buffers in memory and says so.

``.sql`` files are read and written with the same care (:func:`read_sql_file`,
:func:`write_sql_file`): UTF-8, atomically, refusing folders and huge files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kctui.core.paths import user_data_dir

FILE_NAME = "buffers.json"
VERSION = 1
MAX_FILE_BYTES = 10_000_000
"""Largest .sql file the console opens (a bigger one is surely not a query)."""

Location = tuple[int, int]
"""(line, column) in a buffer's text, 0-based."""


def digest(text: str) -> str:
    """A short fingerprint of ``text`` (to tell whether a buffer differs from its file)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Buffer:
    """One tab of SQL."""

    name: str
    text: str = ""
    cursor: Location = (0, 0)
    anchor: Location | None = None
    """The other end of the selection, when there is one."""
    path: str | None = None
    """The ``.sql`` file this buffer was opened from or saved to."""
    saved: str | None = None
    """:func:`digest` of the text as last read from or written to :attr:`path`."""
    named: bool = False
    """The user (or a file) gave the name; a new buffer's name is ``Buffer N``."""

    @property
    def unsaved(self) -> bool:
        """The buffer belongs to a file and differs from what was last saved to it."""
        return self.path is not None and digest(self.text) != self.saved

    @property
    def is_blank(self) -> bool:
        """Nothing typed and no file: safe to reuse or drop."""
        return not self.text.strip() and self.path is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["cursor"] = list(self.cursor)
        data["anchor"] = list(self.anchor) if self.anchor else None
        return data

    @classmethod
    def from_json(cls, data: Any) -> Buffer | None:
        """A buffer from saved data; ``None`` if it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        name = data.get("name")
        path = data.get("path")
        saved = data.get("saved")
        return cls(
            name=name if isinstance(name, str) and name.strip() else "Buffer",
            text=data["text"],
            cursor=_location(data.get("cursor")) or (0, 0),
            anchor=_location(data.get("anchor")),
            path=path if isinstance(path, str) else None,
            saved=saved if isinstance(saved, str) else None,
            named=bool(data.get("named", False)),
        )


def _location(value: Any) -> Location | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and v >= 0 for v in value)
    ):
        return int(value[0]), int(value[1])
    return None


class BufferStoreError(Exception):
    """The buffers could not be saved or read; one line for the user."""


@dataclass
class Loaded:
    """What :meth:`BufferStore.load` found."""

    buffers: list[Buffer] = field(default_factory=list)
    active: int = 0
    note: str | None = None
    """Something the user should know (a file set aside), or ``None``."""


def next_name(names: Sequence[str]) -> str:
    """``Buffer N`` with N one more than the highest such name in ``names``."""
    numbers = [0]
    for name in names:
        head, _, tail = name.rpartition(" ")
        if head == "Buffer" and tail.isdigit():
            numbers.append(int(tail))
    return f"Buffer {max(numbers) + 1}"


class BufferStore:
    """The buffers file: load once, save whole versions atomically."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else user_data_dir() / FILE_NAME

    def load(self) -> Loaded:
        """The saved buffers (none when there is no file yet)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Loaded()
        except OSError as exc:
            return Loaded(note=f"cannot read saved buffers {self.path}: {exc.strerror or exc}")
        try:
            data = json.loads(raw.decode("utf-8"))
            items = data["buffers"]
            if not isinstance(items, list):
                raise ValueError("no buffer list")
        except (ValueError, KeyError, TypeError):
            return Loaded(note=self._set_aside())
        buffers = [b for b in map(Buffer.from_json, items) if b is not None]
        active = data.get("active", 0)
        active = active if isinstance(active, int) and 0 <= active < len(buffers) else 0
        return Loaded(buffers, active)

    def _set_aside(self) -> str:
        aside = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            return f"saved buffers {self.path} could not be read, nor set aside: {exc.strerror}"
        return f"saved buffers {self.path} could not be read; the file was kept as {aside}"

    def save(self, buffers: Sequence[Buffer], active: int) -> None:
        """Write every buffer; :class:`BufferStoreError` if it could not be written."""
        data = {
            "version": VERSION,
            "active": active,
            "buffers": [b.to_json() for b in buffers],
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        try:
            write_atomically(self.path, text)
        except OSError as exc:
            raise BufferStoreError(
                f"buffers not saved: cannot write {self.path}: {exc.strerror or exc}"
            ) from None


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace`` (``OSError``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SqlFileError(Exception):
    """A .sql file could not be opened or saved; one line for the user."""


def resolve(path: str, base: Path | None = None) -> Path:
    """The absolute path ``path`` names (``~`` expanded, relative to ``base`` or cwd)."""
    if not path.strip():
        raise SqlFileError("no file name given")
    p = Path(path.strip()).expanduser()
    if not p.is_absolute():
        p = (base or Path.cwd()) / p
    return p.absolute()


def read_sql_file(path: Path) -> str:
    """The text of a .sql file, with ``\\n`` line ends."""
    if path.is_dir():
        raise SqlFileError(f"{path} is a folder; give a file name")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SqlFileError(f"{path} is {size:,} bytes; the console opens files up to 10 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SqlFileError(f"{path} does not exist") from None
    except OSError as exc:
        raise SqlFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SqlFileError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def write_sql_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (the folder must exist)."""
    if path.is_dir():
        raise SqlFileError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise SqlFileError(f"cannot save {path}: folder {path.parent} does not exist")
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise SqlFileError(f"cannot save {path}: {exc.strerror or exc}") from None
