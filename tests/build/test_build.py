"""`kctui build`: validation reports, atomic writes, comments, derived figures, conflicts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from kctui.build import BuildError, build, validate
from kctui.build.cache import default_db_path, ensure_database


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problems_of(data: Path) -> list[str]:
    return [str(p) for p in validate(data).problems]


def test_value_that_contradicts_its_words(data_copy: Path) -> None:
    facts = data_copy / "facts.csv"
    edit(facts, ",2170000000,CNY,", ",2170000001,CNY,")
    line = line_of(facts, ",2170000001,CNY,")
    assert any(
        p.startswith(f"facts.csv:{line}: value: 2170000001 but") for p in problems_of(data_copy)
    )


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (",KC,revenue,2022Q1,", ",NOPE,revenue,2022Q1,", "entity", "unknown entity 'NOPE'"),
        (",KC,revenue,2022Q1,", ",KC,revenu,2022Q1,", "metric", "unknown metric 'revenu'"),
        (",KC,revenue,2022Q1,", ",KC,revenue,Q1 2022,", "period", "bad period 'Q1 2022'"),
        (",2170000000,CNY,reported,", ",2170000000,EUR,reported,", "unit", "unknown unit 'EUR'"),
        (
            ",2170000000,CNY,reported,",
            ",2170000000,CNY,derived,",
            "qualifier",
            "computed by the build",
        ),
        (",2170000000,CNY,reported,", ",21.7e8x,CNY,reported,", "value", "not a number"),
        (
            "21.7 One hundred million yuan,,",
            "21.8 One hundred million yuan,,",
            "as_stated",
            "is not in excerpt",
        ),
    ],
)
def test_each_bad_field_is_named(
    data_copy: Path, old: str, new: str, column: str, message: str
) -> None:
    facts = data_copy / "facts.csv"
    edit(facts, old, new)
    line = line_of(facts, new)
    found = [p for p in problems_of(data_copy) if p.startswith(f"facts.csv:{line}: {column}: ")]
    assert found and message in found[0], problems_of(data_copy)


def test_duplicate_ids_and_unknown_excerpts(data_copy: Path) -> None:
    facts = data_copy / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    facts.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    assert any(
        f"facts.csv:{len(lines) + 1}: fact_id: duplicate id" in p for p in problems_of(data_copy)
    )


def test_shape_problems(data_copy: Path) -> None:
    (data_copy / "entities.csv").write_text("entity,name\nKC,Kingsoft\n", encoding="utf-8")
    (data_copy / "metrics.csv").write_bytes(b"metric,label,unit,description\nx,\xff\xfe,%,\n")
    with (data_copy / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("v999,2020-01\n")
    problems = problems_of(data_copy)
    assert any(p.startswith("entities.csv:1: header: missing kind, ticker, note") for p in problems)
    assert any(p.startswith("metrics.csv:") and "not UTF-8" in p for p in problems)
    assert any(p.startswith("events.csv:") and "2 fields, expected 6" in p for p in problems)


def test_missing_file_is_reported(data_copy: Path) -> None:
    (data_copy / "events.csv").unlink()
    assert any(p.startswith("events.csv:0: -: cannot read") for p in problems_of(data_copy))


def test_failed_build_leaves_the_previous_database_untouched(
    data_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kc.duckdb"
    build(data_copy, out)
    before = sha(out)
    edit(data_copy / "facts.csv", ",KC,revenue,2022Q1,", ",KC,revenue,2022Q9,")
    with pytest.raises(BuildError) as info:
        build(data_copy, out)
    assert info.value.problems
    assert sha(out) == before
    # No temp files: the database and the seal its build left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data",
        "kc.duckdb",
        "kc.duckdb.kctui-seal",
    ]


def test_check_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "never.duckdb"
    ds = build(data_copy, out, check=True)
    assert ds.tables["facts"] and not out.exists()


def test_every_table_view_and_column_has_a_comment(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    bare = con.execute(
        """
        SELECT table_name FROM duckdb_tables() WHERE comment IS NULL AND NOT internal
        UNION ALL SELECT view_name FROM duckdb_views() WHERE comment IS NULL AND NOT internal
        UNION ALL SELECT table_name || '.' || column_name FROM duckdb_columns()
                  WHERE comment IS NULL AND NOT internal
        """
    ).fetchall()
    con.close()
    assert bare == []


def test_contract_tables_and_views_exist(db_path: Path) -> None:
    con = duckdb.connect(str(db_path), read_only=True)
    names = {
        n
        for (n,) in con.execute(
            "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views()"
        ).fetchall()
    }
    cols = {
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'facts'"
        ).fetchall()
    }
    con.close()
    assert {
        "sources",
        "excerpts",
        "facts",
        "financing_rounds",
        "entities",
        "quarterly_results",
        "annual_results",
        "competitors",
        "conflicts",
    } <= names
    assert {
        "fact_id",
        "entity",
        "metric",
        "period",
        "value",
        "unit",
        "qualifier",
        "as_stated",
        "excerpt_id",
        "note",
    } <= cols


def test_default_database_is_never_stale(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCTUI_CURATED_DIR", str(data_copy))
    first = ensure_database()
    assert first == default_db_path(data_copy) and first.exists()
    assert ensure_database() == first  # reused while nothing changed
    edit(data_copy / "entities.csv", "The subject of kctui", "The subject of kctui (edited)")
    second = ensure_database()
    assert second != first and second.exists()
    con = duckdb.connect(str(second), read_only=True)
    note = con.execute("SELECT note FROM entities WHERE entity = 'KC'").fetchone()[0]
    con.close()
    assert "(edited)" in note


def test_invalid_packaged_data_gives_one_clear_line(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kctui.build.cache import DatabaseUnavailable

    monkeypatch.setenv("KCTUI_CURATED_DIR", str(data_copy))
    edit(data_copy / "facts.csv", ",KC,revenue,2022Q1,", ",KC,revenue,2022Q9,")
    with pytest.raises(DatabaseUnavailable, match=r"facts\.csv:\d+: period: bad period"):
        ensure_database()


def test_unwritable_cache_falls_back_to_a_temporary_directory(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("KCTUI_CURATED_DIR", str(data_copy))
    monkeypatch.setenv("KCTUI_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    path = ensure_database()
    assert path.exists() and str(path).startswith(str(tmp_path / "tmp"))
