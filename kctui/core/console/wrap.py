"""SQL that wraps a console result: count it, copy it, read a page of it, sort and filter
it. Pure functions over strings: no Textual, no DuckDB.

The user's statement is always put on lines of its own inside the wrapper, so a
trailing ``-- comment`` cannot swallow the closing parenthesis. A statement may be
wrapped when DuckDB calls it a ``SELECT`` (which includes ``FROM t``, ``VALUES``,
``DESCRIBE``, ``SHOW``, ``SUMMARIZE`` and ``WITH``); ``PRAGMA``, ``EXPLAIN`` and ``CALL``
results are shown as they stream and are not wrapped.

Why a copy (:func:`copy_sql`) rather than ``LIMIT ... OFFSET`` on the user's query to
reach row *n*: without an ``ORDER BY`` that orders every row, two runs of a query may
return its rows in different orders (hash joins and aggregates run in parallel), so
"row n" of a re-run need not be row n of the result on screen. A copy holds one
execution's rows in one order, and a page of it is read by ``rowid`` (insertion
order) in milliseconds at any depth. A sorted view orders by the chosen column, then
by every column (``COLUMNS(*)``), so ties too come back in one order.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import uuid
from dataclasses import dataclass, replace
from typing import Any

RESULTS_SCHEMA = "memory.kctui_results"
"""Where copies of results live: the scratch database, out of the schema browser's way."""


def body(sql: str) -> str:
    """The statement without surrounding blanks and trailing semicolons."""
    text = sql.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (any name, any character)."""
    return '"' + name.replace('"', '""') + '"'


def new_table() -> str:
    """A fresh name for a result's copy, in :data:`RESULTS_SCHEMA`."""
    return f"{RESULTS_SCHEMA}.r_{uuid.uuid4().hex[:12]}"


def count_sql(sql: str) -> str:
    """How many rows ``sql`` returns."""
    return f"SELECT count(*) FROM (\n{body(sql)}\n)"


def schema_sql() -> str:
    return f"CREATE SCHEMA IF NOT EXISTS {RESULTS_SCHEMA}"


def copy_sql(sql: str, table: str) -> str:
    """A copy of ``sql``'s result in ``table``, its rows in the result's order.

    DuckDB keeps a subquery's order when inserting (``preserve_insertion_order``), so
    ``rowid`` numbers the rows as the query returned them.
    """
    return f"CREATE TABLE {table} AS SELECT * FROM (\n{body(sql)}\n)"


def table_sql(table: str) -> str:
    """The copy's rows in its order (what a view of a copy wraps, what export writes)."""
    return f"SELECT * FROM {table}"


def page_sql(table: str, first: int, size: int) -> str:
    """Rows ``first`` to ``first + size - 1`` of a copy (0-based)."""
    first, size = max(0, int(first)), max(0, int(size))
    return f"SELECT * FROM {table} WHERE rowid >= {first} AND rowid < {first + size} ORDER BY rowid"


def drop_sql(table: str) -> str:
    return f"DROP TABLE IF EXISTS {table}"


@dataclass(frozen=True)
class View:
    """How a result tab shows its result: sorted by a column, narrowed by filters."""

    sort: tuple[str, bool] | None = None
    """(column, descending), or unsorted."""
    where: tuple[str, ...] = ()
    """Filter expressions, all of which a row must satisfy."""

    @property
    def is_plain(self) -> bool:
        """Neither sorted nor filtered: the result as it came."""
        return self.sort is None and not self.where

    def sorted_by(self, column: str) -> View:
        """The next sort on ``column``: ascending, then descending, then unsorted."""
        if self.sort is None or self.sort[0] != column:
            return replace(self, sort=(column, False))
        if not self.sort[1]:
            return replace(self, sort=(column, True))
        return replace(self, sort=None)

    def filtered(self, expression: str | None) -> View:
        """Another filter added (``None`` or blank: every filter dropped)."""
        if expression is None or not expression.strip():
            return replace(self, where=())
        return replace(self, where=(*self.where, expression.strip()))

    def describe(self) -> str:
        """``where x > 1 · sorted by revenue ↓`` (empty when plain)."""
        parts = [f"where {' and '.join(self.where)}"] if self.where else []
        if self.sort is not None:
            parts.append(f"sorted by {self.sort[0]} {'↓' if self.sort[1] else '↑'}")
        return " · ".join(parts)


def view_sql(base: str, view: View, columns: tuple[str, ...] = ()) -> str:
    """``base`` (a statement, or :func:`table_sql` of a copy) sorted and filtered.

    Ties of the sort are ordered by the other ``columns`` (by every column when they
    are not given): one order, whichever run it is. Naming only the other columns
    keeps the sort key as narrow as it can be (sorting ten million rows by a key
    repeated twice costs half as much memory again).
    """
    lines = [f"SELECT * FROM (\n{body(base)}\n)"]
    if view.where:
        lines.append("WHERE " + " AND ".join(f"(\n{body(w)}\n)" for w in view.where))
    if view.sort is not None:
        column, descending = view.sort
        direction = "DESC" if descending else "ASC"
        others = [ident(c) for c in columns if c != column] if columns else ["COLUMNS(*)"]
        lines.append(f"ORDER BY {', '.join([f'{ident(column)} {direction} NULLS LAST', *others])}")
    return "\n".join(lines)


def shown_sql(view: View, base_label: str = "‹your query›") -> str:
    """The wrapping as the result tab shows it, the user's query abbreviated."""
    text = f"SELECT * FROM ({base_label})"
    if view.where:
        text += " WHERE " + " AND ".join(f"({' '.join(w.split())})" for w in view.where)
    if view.sort is not None:
        text += f" ORDER BY {ident(view.sort[0])} {'DESC' if view.sort[1] else 'ASC'} NULLS LAST"
    return text


class NoValueFilter(Exception):
    """The value under the cursor cannot be turned into a filter; says why."""


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def value_filter(column: str, type_name: str, value: Any) -> str:
    """A filter keeping the rows whose ``column`` equals ``value`` (NULL: is null).

    The value is written as a string literal cast to the column's own type, which
    reads back exactly for numbers, text, dates, times, UUIDs and booleans.
    """
    col = ident(column)
    if value is None:
        return f"{col} IS NULL"
    if isinstance(value, bool):
        return f"{col} = {'true' if value else 'false'}"
    if isinstance(value, float):
        if math.isnan(value):
            return f"isnan({col})"
        return f"{col} = CAST({_string(repr(value))} AS {type_name})"
    if isinstance(value, int | decimal.Decimal | str | uuid.UUID):
        return f"{col} = CAST({_string(str(value))} AS {type_name})"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        text = value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
        return f"{col} = CAST({_string(text)} AS {type_name})"
    raise NoValueFilter(f"a {type_name} value cannot be matched exactly; type a filter instead (/)")
