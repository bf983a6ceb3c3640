"""Check every curated row and normalise it: one function per CSV, problems collected.

Every check reports ``file:line: column: problem`` and goes on, so the curator sees
every problem of a change at once. The rows come back as tuples in the column order
of the table they fill (see ``kctui/core/schema.sql``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kctui.build import documents
from kctui.build.checker import Checker, Rows, null
from kctui.build.errors import Problem
from kctui.build.read import read_csv
from kctui.build.rules import (
    DERIVATION_RULES,
    ENTITY_KINDS,
    ID_PATTERNS,
    METRIC_UNITS,
    QUALIFIERS,
    SCHEMAS,
)
from kctui.core.amounts import CURRENCIES, UNITS, ParseError, interval, parse_amount
from kctui.core.periods import parse_period


def entities(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need("entities", line, r, "name", "kind")
        if r["kind"].strip() and r["kind"].strip() not in ENTITY_KINDS:
            check.err("entities", line, "kind", f"unknown kind {r['kind']!r}")
        out.append(
            (
                r["entity"].strip(),
                r["name"],
                r["kind"].strip(),
                null(r["ticker"]),
                null(r["note"]),
            )
        )
    return out


def metrics(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need("metrics", line, r, "label", "unit")
        unit = r["unit"].strip()
        if unit and unit not in METRIC_UNITS:
            check.err(
                "metrics",
                line,
                "unit",
                f"unknown unit family {unit!r} (use {', '.join(METRIC_UNITS)})",
            )
        check.metric_unit[r["metric"].strip()] = unit
        out.append((r["metric"].strip(), r["label"], unit, null(r["description"])))
    return out


FACT_COLUMNS = (
    "entity",
    "metric",
    "period",
    "value",
    "unit",
    "qualifier",
    "as_stated",
    "excerpt_id",
)
"""The columns every fact must fill."""


def _fact_vocabulary(line: int, r: dict[str, str], check: Checker) -> None:
    """Entity, metric, unit and qualifier are known, and the unit fits the metric."""
    entity, metric, unit = r["entity"].strip(), r["metric"].strip(), r["unit"].strip()
    qualifier = r["qualifier"].strip()
    if not check.known("entities", entity):
        check.err("facts", line, "entity", f"unknown entity {entity!r} (add it to entities.csv)")
    if not check.known("metrics", metric):
        check.err("facts", line, "metric", f"unknown metric {metric!r} (add it to metrics.csv)")
    if unit not in UNITS:
        check.err("facts", line, "unit", f"unknown unit {unit!r} (use {', '.join(UNITS)})")
    elif metric in check.metric_unit and unit not in METRIC_UNITS.get(
        check.metric_unit[metric], ()
    ):
        check.err(
            "facts",
            line,
            "unit",
            f"{unit} does not fit metric {metric} ({check.metric_unit[metric]})",
        )
    if qualifier not in QUALIFIERS:
        hint = " (derived figures are computed by the build)" if qualifier == "derived" else ""
        check.err("facts", line, "qualifier", f"unknown qualifier {qualifier!r}{hint}")


def _fact(line: int, r: dict[str, str], check: Checker) -> tuple[Any, ...] | None:
    """One fact row, normalised; ``None`` (with the problem reported) if it cannot be."""
    _fact_vocabulary(line, r, check)
    check.check_excerpt("facts", line, r)
    unit, qualifier, reading = r["unit"].strip(), r["qualifier"].strip(), r["reading"].strip()
    try:
        period = parse_period(r["period"].strip())
    except ParseError as exc:
        check.err("facts", line, "period", str(exc))
        return None
    try:
        value = float(r["value"])
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        check.err("facts", line, "value", f"not a number: {r['value']!r}")
        return None
    try:
        amount = parse_amount(r["as_stated"], reading)
    except ParseError as exc:
        check.err("facts", line, "reading" if reading else "as_stated", str(exc))
        return None
    if reading and not r["note"].strip():
        check.err("facts", line, "note", "a reading override needs a note saying why")
    if not math.isclose(value, amount.value, rel_tol=1e-12, abs_tol=1e-12):
        check.err(
            "facts",
            line,
            "value",
            f"{r['value']} but {r['as_stated']!r} reads as {amount.value:g}"
            + (f" with reading {reading!r}" if reading else ""),
        )
    parsed_unit = amount.unit or (unit if unit in ("count", "x") else None)
    if unit in UNITS and parsed_unit != unit:
        check.err(
            "facts",
            line,
            "unit",
            f"{unit} but {r['as_stated']!r} reads as {amount.unit or 'a bare number'}",
        )
    bound = "bound=" in reading
    if (qualifier == "bound") != bound:
        check.err(
            "facts",
            line,
            "reading" if bound else "qualifier",
            "a one-sided statement is qualifier bound with reading bound=min or bound=max"
            if qualifier == "bound"
            else "bound=... needs qualifier bound",
        )
    if "approx=" in reading and qualifier != "approx":
        check.err("facts", line, "reading", "approx=below needs qualifier approx")
    lo, hi = interval(amount, qualifier, reading)
    return (
        r["fact_id"].strip(),
        r["entity"].strip(),
        r["metric"].strip(),
        period.text,
        period.kind,
        period.start,
        period.end,
        period.prev_year,
        period.prev,
        value,
        lo,
        hi,
        unit,
        qualifier,
        r["as_stated"],
        null(reading),
        r["excerpt_id"].strip(),
        null(r["note"]),
        "number=" in reading,
    )


def facts(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        if check.need("facts", line, r, *FACT_COLUMNS) and (row := _fact(line, r, check)):
            out.append(row)
    return out


def _round_amount(line: int, r: dict[str, str], check: Checker) -> tuple[bool, float | None]:
    """(usable, amount) of a round: its amount must be what its words say."""
    if not r["amount"].strip():
        return True, None
    try:
        amount = float(r["amount"])
    except ValueError:
        check.err("financing_rounds", line, "amount", f"not a number: {r['amount']!r}")
        return False, None
    if null(r["currency"]) is None:
        check.err("financing_rounds", line, "currency", "empty (required with an amount)")
    if not r["as_stated"].strip():
        check.err("financing_rounds", line, "as_stated", "empty (required with an amount)")
        return False, None
    try:
        parsed = parse_amount(r["as_stated"], r["reading"])
    except ParseError as exc:
        check.err("financing_rounds", line, "as_stated", str(exc))
        return False, None
    if not math.isclose(amount, parsed.value, rel_tol=1e-12):
        check.err(
            "financing_rounds",
            line,
            "amount",
            f"{r['amount']} but {r['as_stated']!r} reads as {parsed.value:g}",
        )
    if r["reading"].strip() and not r["note"].strip():
        check.err("financing_rounds", line, "note", "a reading override needs a note saying why")
    return True, amount


def financing_rounds(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        if not check.need("financing_rounds", line, r, "announced", "round", "excerpt_id"):
            continue
        check.check_excerpt("financing_rounds", line, r)
        try:
            announced = parse_period(r["announced"].strip())
        except ParseError as exc:
            check.err("financing_rounds", line, "announced", str(exc))
            continue
        currency = null(r["currency"])
        if currency is not None and currency not in CURRENCIES:
            check.err("financing_rounds", line, "currency", f"unknown currency {currency!r}")
        usable, amount = _round_amount(line, r, check)
        if not usable:
            continue
        out.append(
            (
                r["round_id"].strip(),
                announced.text,
                announced.end,
                r["round"].strip(),
                amount,
                currency,
                null(r["investors"]),
                null(r["as_stated"]),
                null(r["reading"]),
                r["excerpt_id"].strip(),
                null(r["note"]),
            )
        )
    return out


def events(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        if not check.need("events", line, r, "period", "entity", "event", "excerpt_id"):
            continue
        if not check.known("entities", r["entity"].strip()):
            check.err(
                "events", line, "entity", f"unknown entity {r['entity']!r} (add it to entities.csv)"
            )
        if r["excerpt_id"].strip() not in check.excerpt_text:
            check.err("events", line, "excerpt_id", f"unknown excerpt {r['excerpt_id']!r}")
        try:
            when = parse_period(r["period"].strip())
        except ParseError as exc:
            check.err("events", line, "period", str(exc))
            continue
        out.append(
            (
                r["event_id"].strip(),
                when.text,
                when.start,
                when.end,
                r["entity"].strip(),
                r["event"],
                r["excerpt_id"].strip(),
                null(r["note"]),
            )
        )
    return out


def conflict_causes(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    """The curator's explanations; that each pair does disagree is checked once the
    build has computed the conflicts (write.py)."""
    out = []
    for line, r in rows:
        if not check.need("conflict_causes", line, r, "fact_a", "fact_b", "cause"):
            continue
        pair = (r["fact_a"].strip(), r["fact_b"].strip())
        facts_read = bool(check.ids.get("facts"))  # else facts.csv's own problem says it
        for column, fact in zip(("fact_a", "fact_b"), pair, strict=True):
            if facts_read and not fact.startswith("d:") and not check.known("facts", fact):
                check.err("conflict_causes", line, column, f"unknown fact {fact!r}")
        wrong = r["likely_wrong"].strip()
        if wrong and wrong not in pair:
            check.err(
                "conflict_causes", line, "likely_wrong", f"{wrong!r} is neither fact_a nor fact_b"
            )
        check.cause_lines[pair] = line
        out.append((*pair, wrong or None, r["cause"].strip()))
    return out


# In dependency order: each table is checked against the ones before it.
TABLE_CHECKS = {
    "sources": documents.sources,
    "excerpts": documents.excerpts,
    "entities": entities,
    "metrics": metrics,
    "facts": facts,
    "financing_rounds": financing_rounds,
    "events": events,
    "conflict_causes": conflict_causes,
}


@dataclass
class Validated:
    """Validated, normalised rows ready to insert, and every problem found."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cause_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    """Each curated conflict cause's line in conflict_causes.csv (checked after the build)."""


def read_all(data_dir: Path, problems: list[Problem]) -> dict[str, Rows]:
    """Every curated CSV's rows (shape problems reported)."""
    return {
        table: list(read_csv(data_dir / f"{table}.csv", columns, problems))
        for table, columns in SCHEMAS.items()
    }


def validate(data_dir: Path) -> Validated:
    """Read and check every CSV; return normalised rows and every problem found."""
    result = Validated()
    check = Checker(result.problems, data_dir)
    rows = read_all(data_dir, result.problems)
    for table, items in rows.items():
        if table in ID_PATTERNS:
            check.check_ids(table, items)
    for table, table_check in TABLE_CHECKS.items():
        result.tables[table] = table_check(rows[table], check)
    result.tables["derivation_rules"] = list(DERIVATION_RULES)
    result.tables["documents"] = documents.documents(check)
    result.cause_lines = check.cause_lines
    return result
