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
SEEDS = ROOT.parent / "shared" / "seeds"


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
