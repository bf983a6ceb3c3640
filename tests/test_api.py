"""The notebook API returns DataFrames and keeps pandas off everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

import kctui


def test_open_dataset_returns_dataframes(db_path: Path) -> None:
    with kctui.open_dataset(db_path) as ds:
        annual = ds.annual_results
        assert list(annual["period"])[:1] == ["FY2017"]
        assert "conflicts" in dir(ds)
        frame = ds.sql("select count(*) as n from facts where entity = ?", ["KC"])
        assert int(frame["n"][0]) > 50
        with pytest.raises(AttributeError):
            _ = ds.no_such_view


def test_open_dataset_on_a_missing_file(tmp_path: Path) -> None:
    from kctui.build.cache import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable, match="not found"):
        kctui.open_dataset(tmp_path / "missing.duckdb")
