"""What every table's check shares: the problems found so far, and what later tables are
checked against (ids, excerpt texts, metric units, the source documents)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kctui.build.errors import Problem
from kctui.build.rules import ID_PATTERNS, SCHEMAS

if TYPE_CHECKING:
    from kctui.build.documents import Document

Rows = list[tuple[int, dict[str, str]]]
"""A CSV's data rows with their line numbers."""


@dataclass
class Checker:
    """Collects problems, and what later tables are checked against."""

    problems: list[Problem]
    data_dir: Path
    """Where the CSVs (and the source documents' folder) are."""
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per table, each id and the line it is on."""
    excerpt_text: dict[str, str] = field(default_factory=dict)
    metric_unit: dict[str, str] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    cause_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    """Each source's text, once its file checks out."""

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


def null(text: str) -> str | None:
    text = text.strip()
    return text or None
