"""Citations: what ``y`` copies and ``kctui cite ID`` prints, in text, Markdown and JSON.

Ids come from the database (which fact states KC's FY2021 net loss, which round is
Xiaomi's), so the tests follow corrections of the curated data.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kctui.build import build
from kctui.core import cite, cite_render
from kctui.core.db import Database
from kctui.ui import fmt
from tests.conftest import add_excerpt
from tests.test_cli import assert_one_clean_line, kctui


@pytest.fixture(scope="module")
def db(db_path: Path):
    database = Database(db_path)
    yield database
    database.close()


def one(db: Database, sql: str) -> str:
    return str(db.query(sql).rows[0][0])


def test_a_stated_fact_names_its_figure_quote_source_and_id(db: Database) -> None:
    fact = one(
        db,
        "SELECT fact_id FROM fact_sources WHERE entity = 'KC' AND metric = 'net_loss' "
        "AND period = 'FY2021' AND url IS NOT NULL ORDER BY fact_id",
    )
    row = db.rows("SELECT * FROM fact_sources WHERE fact_id = ?", [fact])[0]
    cited = cite.load(db, fact)
    assert cited is not None and cited.kind == "fact"
    text = cite_render.text(cited, fmt)
    assert text.startswith("Kingsoft Cloud net loss, FY2021: ¥")
    assert f"stated as “{row['as_stated']}”" in text
    assert row["publisher"] in text and row["published"].isoformat() in text
    assert "machine-translated from Chinese" in text and row["url"] in text
    assert text.endswith(f"kctui fact {fact}.")
    md = cite_render.markdown(cited, fmt)
    body, footnote = md.split("\n\n", 1)
    assert "**¥" in body and f"[^kctui-{fact}]" in body
    assert footnote.startswith(f"[^kctui-{fact}]: “") and f"`{fact}`" in footnote
    assert f"<{row['url']}>" in footnote and row["published"].isoformat() in footnote


def test_an_approximate_date_and_a_disagreement_are_said(db: Database) -> None:
    fact = one(db, "SELECT fact_a FROM conflicts WHERE kind = 'stated vs stated' ORDER BY 1")
    other = one(db, f"SELECT fact_b FROM conflicts WHERE fact_a = '{fact}' ORDER BY 1")
    cited = cite.load(db, fact)
    assert cited is not None
    assert f"Sources disagree on this figure: {other} states" in cite_render.text(cited, fmt)
    approximate = one(
        db, "SELECT fact_id FROM fact_sources WHERE approximate ORDER BY fact_id LIMIT 1"
    )
    dated = cite.load(db, approximate)
    assert dated is not None and "(date approximate)" in cite_render.text(dated, fmt)


def test_a_derived_figure_names_its_formula_and_cites_its_inputs(db: Database) -> None:
    derived = one(db, "SELECT fact_id FROM derived_facts WHERE metric = 'revenue_yoy' ORDER BY 1")
    inputs = db.query("SELECT unnest(inputs) FROM derived_facts WHERE fact_id = ?", [derived]).rows
    cited = cite.load(db, derived)
    assert cited is not None and cited.kind == "derived"
    text = cite_render.text(cited, fmt)
    assert "derived by kctui" in text and str(cited.formula) in text
    for n, (input_id,) in enumerate(inputs, 1):
        assert f"Input {n}: " in text and f"kctui fact {input_id}." in text
    md = cite_render.markdown(cited, fmt)
    assert all(f"[^kctui-{i}]: " in md for (i,) in inputs)


def test_a_round_and_an_excerpt_cite_their_quote(db: Database) -> None:
    round_id = one(db, "SELECT round_id FROM financing_rounds WHERE investors ILIKE '%xiaomi%'")
    cited = cite.load(db, round_id)
    assert cited is not None and cited.kind == "round"
    text = cite_render.text(cited, fmt)
    assert "Kingsoft Cloud" in text and "Xiaomi" in text and text.endswith(f"round {round_id}.")
    ipo = one(db, "SELECT round_id FROM financing_rounds WHERE amount IS NULL")
    unpriced = cite.load(db, ipo)
    assert unpriced is not None and "(no amount stated)" in cite_render.text(unpriced, fmt)
    excerpt = one(db, "SELECT excerpt_id FROM excerpts ORDER BY excerpt_id")
    quoted = cite.load(db, excerpt)
    assert quoted is not None and quoted.kind == "excerpt"
    assert cite_render.text(quoted, fmt).endswith(f"kctui excerpt {excerpt}.")
    assert cite.load(db, "f99999") is None and cite.load(db, "  ") is None


def test_a_result_row_is_cited_by_its_fact_round_or_excerpt_column(db: Database) -> None:
    """The SQL console's rows: by fact_id, else round_id, else excerpt_id (any case)."""
    fact = one(db, "SELECT fact_id FROM facts ORDER BY fact_id")
    excerpt = one(db, "SELECT excerpt_id FROM excerpts ORDER BY excerpt_id")
    by_fact = cite.load_row(db, {"FACT_ID": fact, "excerpt_id": excerpt, "value": 1})
    assert by_fact is not None and by_fact.id == fact
    by_excerpt = cite.load_row(db, {"fact_id": None, "Excerpt_Id": excerpt})
    assert by_excerpt is not None and by_excerpt.kind == "excerpt"
    assert cite.load_row(db, {"fact_id": "nope", "excerpt_id": excerpt}).id == excerpt  # type: ignore[union-attr]
    assert cite.load_row(db, {"period": "FY2021", "value": 3.0}) is None
    assert cite.load_row(db, {"fact_id": "nope"}) is None


# --- the command line ----------------------------------------------------------------------


def test_kctui_cite_in_every_format(db_path: Path, db: Database) -> None:
    fact = one(db, "SELECT fact_id FROM facts WHERE as_stated LIKE '%74.67%'")
    text = kctui("cite", fact, "--db", str(db_path))
    assert text.returncode == 0 and text.stderr == ""
    assert f"kctui fact {fact}." in text.stdout and "US$74.67" in text.stdout
    md = kctui("cite", fact, "--format", "md", "--db", str(db_path))
    assert md.returncode == 0 and f"[^kctui-{fact}]: " in md.stdout and "**US$74.67**" in md.stdout
    data = json.loads(kctui("cite", fact, "--format", "json", "--db", str(db_path)).stdout)
    assert data["id"] == fact and data["value"] == 74.67 and data["unit"] == "USD"
    assert data["quote"]["excerpt_id"] and data["text"] == text.stdout.rstrip("\n")
    assert data["markdown"] == md.stdout.rstrip("\n")
    for other in ("r01", "e001-28", one(db, "SELECT fact_id FROM derived_facts ORDER BY 1")):
        assert kctui("cite", other, "--db", str(db_path)).returncode == 0, other
    assert "cite" in kctui("--help").stdout


@pytest.mark.parametrize("wanted", ["f99999", "nope", "[bold]x[/]", "\x1b[31mred"])
def test_an_unknown_id_is_one_line_naming_it(db_path: Path, wanted: str) -> None:
    result = kctui("cite", wanted, "--db", str(db_path))
    assert_one_clean_line(result, "no fact, round or excerpt has the id")
    assert "\x1b" not in result.stderr
    if wanted.isalnum():
        assert wanted in result.stderr


def test_markup_and_escapes_in_the_data_are_printed_literally(
    data_copy: Path, tmp_path: Path
) -> None:
    """A quote holding Rich markup and an escape sequence: printed as its characters,
    in every format, never obeyed (and Markdown escapes what would format)."""
    words = "[bold]Revenue[/] for 2031 was RMB9.99B \x1b[31mred[/red] *not bold*."
    add_excerpt(data_copy, "e001-98", words, topic="results")
    with (data_copy / "facts.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "f9998",
                "KC",
                "revenue",
                "FY2031",
                "9990000000",
                "CNY",
                "reported",
                "RMB9.99B",
                "",
                "e001-98",
                "",
            ]
        )
    db = tmp_path / "hostile.duckdb"
    build(data_copy, db)
    for form in ("text", "md", "json"):
        result = kctui("cite", "f9998", "--format", form, "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        if form == "md":
            assert "\\[bold\\]Revenue\\[/\\]" in result.stdout and "\\*not bold\\*" in result.stdout
            assert "␛\\[31m" in result.stdout
        else:
            assert "[bold]Revenue[/]" in result.stdout and "␛[31m" in result.stdout
    assert "[bold]Revenue[/]" in kctui("cite", "e001-98", "--db", str(db)).stdout


def test_a_bad_format_or_no_id_is_a_usage_error(db_path: Path) -> None:
    """argparse's usage errors, as every kctui command's: exit 2, the choices named."""
    bad = kctui("cite", "f1001", "--format", "xml", "--db", str(db_path))
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr
    assert "invalid choice: 'xml'" in bad.stderr and "'md'" in bad.stderr
    missing = kctui("cite", "--db", str(db_path))
    assert missing.returncode == 2 and "ID" in missing.stderr
