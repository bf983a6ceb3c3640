"""Shared fixtures: a database built from the curated CSVs into a temporary directory.

Tests never touch the user's cache: KCTUI_CACHE_DIR and the platformdirs data
directory point into pytest's temporary tree for the whole session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kctui.build import build

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kctui")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(monkeypatch: pytest.MonkeyPatch, session_tmp: Path) -> None:
    """Keep every test away from the real user cache, data and config directories."""
    monkeypatch.setenv("KCTUI_CACHE_DIR", str(session_tmp / "cache"))
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(session_tmp / "userdata"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(session_tmp / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(session_tmp / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(session_tmp / "xdg-config"))


@pytest.fixture(scope="session")
def db_path(session_tmp: Path) -> Path:
    """The curated database, built once per test session."""
    path = session_tmp / "kc.duckdb"
    build(DATA, path)
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of data/ for tests that break the CSVs on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    yield target


def add_excerpt(
    data: Path, excerpt_id: str, text: str, source_id: str = "S001", topic: str = "profile"
) -> None:
    """Add an excerpt to a copy of data/: its text as a new last line of its source's
    document (the sha256 in sources.csv follows), and its row in excerpts.csv."""
    import csv
    import hashlib

    with (data / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.reader(handle))
    header = sources[0]
    row = next(r for r in sources[1:] if r[0] == source_id)
    document = data / "sources" / row[header.index("file")]
    body = document.read_text(encoding="utf-8")
    if not body.endswith("\n"):
        body += "\n"
    line = body.count("\n") + 1
    body += text + "\n"
    document.write_text(body, encoding="utf-8")
    row[header.index("sha256")] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    with (data / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(sources)
    with (data / "excerpts.csv").open("a", encoding="utf-8", newline="") as handle:
        last = line + text.count("\n")
        csv.writer(handle, lineterminator="\n").writerow(
            [excerpt_id, source_id, line, last, text, topic]
        )


def edit_excerpt(data: Path, excerpt_id: str, change: object) -> None:
    """Replace an excerpt's text with ``change(text)`` in excerpts.csv and in its
    document (at its lines), keeping the sha256 in sources.csv right."""
    import csv
    import hashlib

    with (data / "excerpts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    row = next(r for r in rows[1:] if r[0] == excerpt_id)
    old, new = row[4], change(row[4])  # type: ignore[operator]
    row[4] = new
    with (data / "excerpts.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with (data / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.reader(handle))
    header = sources[0]
    source = next(r for r in sources[1:] if r[0] == row[1])
    document = data / "sources" / source[header.index("file")]
    body = document.read_text(encoding="utf-8").replace(old, new, 1)
    document.write_text(body, encoding="utf-8")
    source[header.index("sha256")] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    with (data / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(sources)
