"""One currency per column, everywhere: the SQL views, the results table and its
sparklines, the competitors' sections, the financing rounds, the key figures.

A column is traced back to the statements its values come from: if two of its values
come from figures in two currencies, it mixes them, whatever its header says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kctui.core.dashboard import load_dashboard
from kctui.core.db import Database

MONEY = ("CNY", "USD")

VIEWS = {
    # view: (the column naming the entity, or None for KC's own views)
    "quarterly_results": None,
    "annual_results": None,
    "competitors": "v.entity",
}


def metric_of(column: str) -> str:
    """The metric a view's column pivots (``revenue_usd`` -> ``revenue``)."""
    for suffix in ("_cny", "_usd"):
        if column.endswith(suffix):
            return column[: -len(suffix)]
    return column


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_no_column_of_a_view_mixes_currencies(db_path: Path, view: str) -> None:
    db = Database(db_path)
    entity_column = VIEWS[view]
    columns = [
        r["column_name"]
        for r in db.rows(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? AND data_type = 'DOUBLE'",
            [view],
        )
    ]
    money_columns = 0
    for column in columns:
        entity = entity_column or "'KC'"
        # Every currency any of the column's values is stated in.
        units = db.rows(
            f"""
            SELECT DISTINCT b.unit
            FROM {view} v JOIN best_facts b
              ON b.entity = {entity} AND b.period = v.period
             AND b.metric = ? AND b.value = v."{column}"
            WHERE v."{column}" IS NOT NULL AND b.unit IN ('CNY', 'USD')
            """,
            [metric_of(column)],
        )
        found = {r["unit"] for r in units}
        assert len(found) <= 1, f"{view}.{column} mixes {sorted(found)}"
        if found:
            money_columns += 1
            (unit,) = found
            comment = db.rows(
                "SELECT comment FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
                [view, column],
            )[0]["comment"]
            # The column says which currency it holds, in its name or its comment.
            said = (
                "US dollars" in comment or column.endswith("_usd")
                if unit == "USD"
                else ("CNY" in comment or column.endswith("_cny"))
            )
            assert said, f"{view}.{column} holds {unit} and does not say so: {comment!r}"
    assert money_columns >= 2, f"{view}: no money column found (the test would prove nothing)"


def test_the_dashboard_never_mixes_currencies_in_a_column(db_path: Path) -> None:
    data = load_dashboard(Database(db_path))
    for results in (data.quarterly, data.annual):
        for i, column in enumerate(results.columns):
            units = {row.cells[i].key.unit for row in results.rows if row.cells and row.cells[i]}
            assert units <= {column.unit}, f"{results.kind} {column.header}: {units}"
            if column.unit in MONEY:
                sign = "¥" if column.unit == "CNY" else "US$"
                assert column.header.endswith(sign), column.header
        for series in results.series:
            for period, value in zip(results.periods, series.values, strict=True):
                if value is None:
                    continue
                units = {
                    f.key.unit
                    for f in data.index.figures_of("KC", period)
                    if f.value == value and f.key.unit in MONEY
                }
                assert units <= {series.unit}, f"{series.label} {period}: {units}"
    # The USD-only periods are said in words beside the ¥ line, not dropped silently.
    revenue = next(s for s in data.quarterly.series if s.label == "Revenue ¥")
    assert "2025Q3" in revenue.elsewhere
    # Each competitors section compares figures of one unit.
    sections: dict[str, set[str]] = {}
    section = ""
    for row in data.competitors:
        if row.heading:
            section = row.name
            continue
        if row.figure is not None:
            sections.setdefault(section, set()).add(row.figure.key.unit)
    assert len(sections) >= 3
    for name, units in sections.items():
        assert len(units) == 1, f"competitors section {name!r} mixes {units}"
    # The financing rounds and their running total: one currency.
    currencies = {r.currency for r in data.rounds if r.amount is not None}
    assert currencies == {data.raised_currency}
    # Every key figure with an amount names its unit.
    for figure in data.key_figures:
        if figure.amount is not None:
            assert figure.unit, figure.label
