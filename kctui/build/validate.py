"""Check every curated row and normalise it: one function per CSV, problems collected.

Every check reports ``file:line: column: problem`` and goes on, so the curator sees
every problem of a change at once. The rows come back as tuples in the column order
of the table they fill (see ``kctui/core/schema.sql``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kctui.build.errors import Problem
from kctui.build.read import read_csv
from kctui.build.rules import (
    APPROX_TOLERANCE,
    DERIVATION_RULES,
    ENTITY_KINDS,
    ID_PATTERNS,
    LANGUAGES,
    METRIC_UNITS,
    QUALIFIERS,
    SCHEMAS,
    TOPICS,
)
from kctui.core.amounts import CURRENCIES, UNITS, ParseError, parse_amount
from kctui.core.periods import parse_period

Rows = list[tuple[int, dict[str, str]]]
"""A CSV's data rows with their line numbers."""


@dataclass
class Validated:
    """Validated, normalised rows ready to insert, and every problem found."""

    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Checker:
    """Collects problems, and what later tables are checked against."""

    problems: list[Problem]
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per table, each id and the line it is on."""
    excerpt_text: dict[str, str] = field(default_factory=dict)
    metric_unit: dict[str, str] = field(default_factory=dict)

    def err(self, table: str, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(f"{table}.csv", line, column, message))

    def need(self, table: str, line: int, row: dict[str, str], *columns: str) -> bool:
        """Report each of ``columns`` that is empty; whether all are filled."""
        ok = True
        for column in columns:
            if not row[column].strip():
                self.err(table, line, column, "empty (required)")
                ok = False
        return ok

    def known(self, table: str, ident: str) -> bool:
        return ident in self.ids.get(table, {})

    def check_ids(self, table: str, rows: Rows) -> None:
        """Ids of the form the table takes, each once."""
        ids = self.ids.setdefault(table, {})
        key = SCHEMAS[table][0]
        for line, row in rows:
            ident = row[key].strip()
            if not ID_PATTERNS[table].fullmatch(ident):
                self.err(table, line, key, f"bad id {ident!r}")
            elif ident in ids:
                self.err(table, line, key, f"duplicate id {ident!r} (first on line {ids[ident]})")
            else:
                ids[ident] = line

    def check_excerpt(self, table: str, line: int, row: dict[str, str]) -> None:
        """The row's excerpt exists and holds its ``as_stated`` words."""
        eid = row["excerpt_id"].strip()
        if eid not in self.excerpt_text:
            self.err(table, line, "excerpt_id", f"unknown excerpt {eid!r}")
        elif row["as_stated"] and row["as_stated"] not in self.excerpt_text[eid]:
            self.err(table, line, "as_stated", f"{row['as_stated']!r} is not in excerpt {eid}")


def _null(text: str) -> str | None:
    text = text.strip()
    return text or None


def sources(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need("sources", line, r, "file", "title", "publisher", "published", "language")
        published: date | None
        try:
            published = date.fromisoformat(r["published"].strip())
        except ValueError:
            check.err(
                "sources", line, "published", f"bad date {r['published']!r} (expected YYYY-MM-DD)"
            )
            published = None
        language = r["language"].strip()
        if language and language not in LANGUAGES:
            check.err("sources", line, "language", f"unknown language {r['language']!r}")
        out.append(
            (
                r["source_id"].strip(),
                r["file"].strip(),
                r["title"],
                r["publisher"],
                published,
                language,
                _null(r["url"]),
                _null(r["note"]),
            )
        )
    return out


def excerpts(rows: Rows, check: Checker) -> list[tuple[Any, ...]]:
    out = []
    for line, r in rows:
        check.need("excerpts", line, r, "text", "topic")
        if not check.known("sources", r["source_id"].strip()):
            check.err("excerpts", line, "source_id", f"unknown source {r['source_id']!r}")
        if r["topic"].strip() and r["topic"].strip() not in TOPICS:
            check.err("excerpts", line, "topic", f"unknown topic {r['topic']!r}")
        if r["text"] != r["text"].strip():
            check.err("excerpts", line, "text", "leading or trailing whitespace")
        check.excerpt_text[r["excerpt_id"].strip()] = r["text"]
        out.append((r["excerpt_id"].strip(), r["source_id"].strip(), r["text"], r["topic"].strip()))
    return out


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
                _null(r["ticker"]),
                _null(r["note"]),
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
        out.append((r["metric"].strip(), r["label"], unit, _null(r["description"])))
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
    lo, hi = amount.lo, amount.hi
    if qualifier == "approx":
        spread = abs(value) * APPROX_TOLERANCE
        lo, hi = min(lo, value - spread), max(hi, value + spread)
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
        _null(reading),
        r["excerpt_id"].strip(),
        _null(r["note"]),
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
    if _null(r["currency"]) is None:
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
        currency = _null(r["currency"])
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
                _null(r["investors"]),
                _null(r["as_stated"]),
                _null(r["reading"]),
                r["excerpt_id"].strip(),
                _null(r["note"]),
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
                _null(r["note"]),
            )
        )
    return out


# In dependency order: each table is checked against the ones before it.
TABLE_CHECKS = {
    "sources": sources,
    "excerpts": excerpts,
    "entities": entities,
    "metrics": metrics,
    "facts": facts,
    "financing_rounds": financing_rounds,
    "events": events,
}


def read_all(data_dir: Path, problems: list[Problem]) -> dict[str, Rows]:
    """Every curated CSV's rows (shape problems reported)."""
    return {
        table: list(read_csv(data_dir / f"{table}.csv", columns, problems))
        for table, columns in SCHEMAS.items()
    }


def validate(data_dir: Path) -> Validated:
    """Read and check every CSV; return normalised rows and every problem found."""
    result = Validated()
    check = Checker(result.problems)
    rows = read_all(data_dir, result.problems)
    for table, items in rows.items():
        check.check_ids(table, items)
    for table, table_check in TABLE_CHECKS.items():
        result.tables[table] = table_check(rows[table], check)
    result.tables["derivation_rules"] = list(DERIVATION_RULES)
    return result
