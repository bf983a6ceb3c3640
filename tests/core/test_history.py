"""The query history file: persisted, tolerant of damage, never loses what is saved."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from kctui.core.console.history import FILE_NAME, History, HistoryError
from kctui.core.paths import user_data_dir


def test_data_dir_honours_the_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCTUI_USER_DATA_DIR", str(tmp_path / "d"))
    assert user_data_dir() == tmp_path / "d"
    assert History().path == tmp_path / "d" / FILE_NAME


def test_entries_persist_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "h" / FILE_NAME
    first = History(path)
    first.add("select 1", "ok", rows=1, elapsed=0.01234567)
    first.add("select nope", "error")
    second = History(path)
    assert [(e.sql, e.status) for e in second.entries] == [
        ("select 1", "ok"),
        ("select nope", "error"),
    ]
    assert second.entries[0].rows == 1 and second.entries[0].elapsed == 0.0123


def test_recent_is_newest_first_without_repeats(tmp_path: Path) -> None:
    history = History(tmp_path / FILE_NAME)
    for sql in ("a", "b", "a", "c"):
        history.add(sql, "ok")
    assert [e.sql for e in history.recent()] == ["c", "a", "b"]


def test_damaged_lines_are_skipped_and_a_torn_line_does_not_spoil_the_next(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    good = json.dumps({"sql": "select 1", "at": "2024-01-01T00:00:00", "status": "ok"})
    path.write_text(f'{good}\nnot json\n[1, 2]\n{{"sql": "torn', encoding="utf-8")
    history = History(path)
    assert [e.sql for e in history.entries] == ["select 1"]
    history.add("select 2", "ok")
    assert [e.sql for e in History(path).entries] == ["select 1", "select 2"]


def test_unwritable_directory_raises_a_clear_error_and_keeps_the_entry(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    history = History(blocker / "kctui" / FILE_NAME)
    with pytest.raises(HistoryError, match="history not saved: cannot write"):
        history.add("select 1", "ok")
    assert [e.sql for e in history.entries] == ["select 1"]


def test_unwritable_file_keeps_what_was_saved(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    History(path).add("select 1", "ok")
    saved = path.read_bytes()
    path.chmod(0o444)
    try:
        history = History(path)
        with contextlib.suppress(HistoryError):  # refused unless we run as root
            history.add("select 2", "ok")
        assert path.read_bytes().startswith(saved)
        assert History(path).entries[0].sql == "select 1"
    finally:
        path.chmod(0o644)


def test_unreadable_history_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()  # a directory where the file should be
    history = History(tmp_path / FILE_NAME)
    assert history.entries == [] and history.load_error


def test_compaction_keeps_the_newest(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    history = History(path, limit=5)
    for i in range(12):
        history.add(f"select {i}", "ok")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 10
    assert [e.sql for e in History(path, limit=5).entries] == [f"select {i}" for i in range(7, 12)]
