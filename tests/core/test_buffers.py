"""The buffers file and .sql files: whole versions only, nothing typed ever lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kctui.core.console import buffers
from kctui.core.console.buffers import (
    Buffer,
    BufferStore,
    BufferStoreError,
    SqlFileError,
    digest,
    next_name,
    read_sql_file,
    write_sql_file,
)


def test_round_trip_keeps_text_cursor_selection_and_file(tmp_path: Path) -> None:
    store = BufferStore(tmp_path / "buffers.json")
    items = [
        Buffer("Buffer 1", "SELECT 1;\n中文 '[/]'", cursor=(1, 3), anchor=(0, 2)),
        Buffer("q.sql", "SELECT 2", path="/x/q.sql", saved=digest("SELECT 2"), named=True),
    ]
    store.save(items, active=1)
    loaded = BufferStore(tmp_path / "buffers.json").load()
    assert loaded.note is None and loaded.active == 1
    assert loaded.buffers == items
    assert not loaded.buffers[1].unsaved
    loaded.buffers[1].text += " "
    assert loaded.buffers[1].unsaved and not loaded.buffers[0].unsaved


def test_no_file_is_no_buffers(tmp_path: Path) -> None:
    loaded = BufferStore(tmp_path / "none.json").load()
    assert loaded.buffers == [] and loaded.note is None


def test_a_broken_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "buffers.json"
    path.write_text('{"buffers": [{"text": "my precious quer')
    loaded = BufferStore(path).load()
    assert loaded.buffers == [] and loaded.note is not None and "kept as" in loaded.note
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("buffers.json.bad-")]
    assert len(aside) == 1 and "my precious" in aside[0].read_text()
    assert not path.exists()


def test_odd_entries_are_skipped_and_the_active_index_checked(tmp_path: Path) -> None:
    path = tmp_path / "buffers.json"
    path.write_text(
        json.dumps(
            {"active": 7, "buffers": [{"text": 3}, "x", {"name": "", "text": "ok", "cursor": "?"}]}
        )
    )
    loaded = BufferStore(path).load()
    assert [b.text for b in loaded.buffers] == ["ok"]
    assert loaded.buffers[0].name == "Buffer" and loaded.buffers[0].cursor == (0, 0)
    assert loaded.active == 0


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BufferStore(tmp_path / "buffers.json")
    store.save([Buffer("Buffer 1", "old")], 0)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(BufferStoreError, match="No space left"):
        store.save([Buffer("Buffer 1", "new")], 0)
    monkeypatch.undo()
    assert store.load().buffers[0].text == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["buffers.json"]  # no temp file left


def test_an_unwritable_folder_raises_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BufferStoreError) as info:
        BufferStore(blocker / "buffers.json").save([Buffer("Buffer 1", "x")], 0)
    assert "buffers not saved" in str(info.value) and "\n" not in str(info.value)


def test_next_name() -> None:
    assert next_name([]) == "Buffer 1"
    assert next_name(["Buffer 1", "q.sql", "Buffer 7"]) == "Buffer 8"


def test_sql_files_read_and_write(tmp_path: Path) -> None:
    path = tmp_path / "q.sql"
    write_sql_file(path, "SELECT 1;\r\n")
    assert read_sql_file(path) == "SELECT 1;\n"
    path.write_bytes("\ufeffSELECT 'é'\r".encode())
    assert read_sql_file(path) == "SELECT 'é'\n"
    with pytest.raises(SqlFileError, match="does not exist"):
        read_sql_file(tmp_path / "nope.sql")
    with pytest.raises(SqlFileError, match="folder"):
        read_sql_file(tmp_path)
    (tmp_path / "bin.sql").write_bytes(b"\xff\x00")
    with pytest.raises(SqlFileError, match="not UTF-8"):
        read_sql_file(tmp_path / "bin.sql")
    with pytest.raises(SqlFileError, match="does not exist"):
        write_sql_file(tmp_path / "no" / "q.sql", "x")
    assert buffers.resolve("q.sql", tmp_path) == tmp_path / "q.sql"
    with pytest.raises(SqlFileError):
        buffers.resolve("  ")
