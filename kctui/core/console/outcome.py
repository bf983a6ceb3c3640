"""What a console run produced: one :class:`StatementResult` per statement, in an
:class:`Outcome`. Plain values, no Textual and no DuckDB."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEPT_ROWS = 10_000
"""Rows kept of an earlier statement that cannot be copied (PRAGMA, EXPLAIN, CALL)."""


@dataclass(frozen=True)
class StatementResult:
    """What one statement of a run produced.

    A statement with rows is one of three kinds. The run's last statement keeps its
    result open as a stream (``live``): the first page is here, the rest is fetched as
    the grid scrolls. An earlier ``SELECT`` is copied into a table in DuckDB as it runs
    (``table``), so its rows are the ones of that moment even if a later statement
    changes the data, and its ``total`` is known at once. Any other earlier statement
    with rows (``PRAGMA``, ``EXPLAIN``, ``CALL``) keeps up to :data:`KEPT_ROWS` rows.
    """

    index: int
    """The statement's number in the run (0-based)."""
    sql: str
    statement_type: str
    """DuckDB's statement type (``SELECT``, ``CREATE``...)."""
    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    """The first page of rows."""
    exhausted: bool
    """``rows`` is every row."""
    is_status: bool
    """The statement reports a count or success rather than rows of data."""
    changed: int | None
    """Rows changed (INSERT, UPDATE, DELETE, CREATE TABLE AS, COPY), when reported."""
    elapsed: float
    """Seconds this statement took, to its first page."""
    live: bool = False
    """Its stream is the run's open result (the last statement, rows still to come)."""
    table: str | None = None
    """The copy of its result in DuckDB, if one was made as it ran."""
    total: int | None = None
    """How many rows it returned, when known."""

    @property
    def wrappable(self) -> bool:
        """Its result can be counted, copied, sorted and filtered in DuckDB."""
        return self.table is not None or (self.statement_type == "SELECT" and not self.is_status)

    @property
    def message(self) -> str:
        """What a statement without rows did: ``CREATE ok``, ``INSERT ok: 3 rows``."""
        what = self.statement_type.replace("_", " ")
        if self.changed is None:
            changed = ""
        else:
            changed = f": {self.changed:,} row{'' if self.changed == 1 else 's'}"
        return f"{what} ok{changed}"


@dataclass(frozen=True)
class Outcome:
    """Every statement's result, in order; the last one's fields for convenience."""

    results: tuple[StatementResult, ...]
    statements: int
    elapsed: float
    """Seconds from the start of the run to the last statement's first page."""
    changes_catalog: bool
    """Some statement of the run may have created, dropped or altered a relation."""

    @property
    def last(self) -> StatementResult:
        return self.results[-1]

    @property
    def with_rows(self) -> list[StatementResult]:
        """The results that have rows to show (one tab each)."""
        return [r for r in self.results if not r.is_status]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.last.columns

    @property
    def types(self) -> tuple[str, ...]:
        return self.last.types

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        return self.last.rows

    @property
    def exhausted(self) -> bool:
        return self.last.exhausted

    @property
    def statement_type(self) -> str:
        return self.last.statement_type

    @property
    def is_status(self) -> bool:
        return self.last.is_status

    @property
    def changed(self) -> int | None:
        return self.last.changed


__all__ = ["KEPT_ROWS", "Outcome", "StatementResult"]
