"""Run the console's statements and stream the last result page by page. No Textual here.

A :class:`QueryRun` owns one DuckDB cursor for its whole life: it executes the
statements in order and gives each one a :class:`StatementResult`. The last result
stays open as a stream and hands out pages with ``fetchmany``; nothing ever fetches a
whole result into Python, so a ten-million-row result costs a page of memory, not the
whole result. An earlier ``SELECT`` is copied into a table in DuckDB as it runs (its
rows as of that moment, counted), since the next statement replaces the cursor's
result. ``cancel()`` interrupts the cursor from any thread; ``close()`` releases the
stream and the cursor, so a replaced result gives its memory back (the copies belong
to whoever shows them: :class:`~kctui.core.console.source.ResultSource`).

Threading: ``execute`` and ``fetch`` run in one worker thread at a time (they hold the
run's lock); ``cancel`` may be called from any thread at any moment.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import duckdb

from kctui.core.console import wrap
from kctui.core.console.outcome import KEPT_ROWS, Outcome, StatementResult
from kctui.core.console.sqltext import error_position
from kctui.core.db import CATALOG, QueryError, check_attached, clean_message, guard

FIRST_PAGE = 200
"""Rows fetched with the statement: enough to fill a tall terminal, fast to convert."""
PAGE = 1000
"""Rows fetched each time the user scrolls near the end of what is loaded."""

# Statement types whose result is a table of rows even when it has one "Count" column.
_ROW_TYPES = {"SELECT", "PRAGMA", "EXPLAIN", "CALL", "EXECUTE", "RELATION", "LOGICAL_PLAN"}


class QueryCancelled(Exception):
    """The run was cancelled (``escape``) before it finished."""


class StatementError(QueryError):
    """A statement failed; carries DuckDB's full message and where it points.

    ``line`` and ``column`` are 0-based positions inside the failing statement's text
    (``None`` when DuckDB gave no position); ``index`` is the statement's number in
    the run.
    """

    def __init__(
        self, summary: str, *, detail: str, index: int, line: int | None, column: int | None
    ) -> None:
        super().__init__(summary)
        self.summary = summary
        self.detail = detail
        self.index = index
        self.line = line
        self.column = column


def _hint(stype: str, message: str) -> str | None:
    """A pointer to the scratch database when a statement tried to change curated data."""
    readonly = "read-only mode" in message and f'"{CATALOG}"' in message
    missing = stype in {"INSERT", "UPDATE", "DELETE", "ALTER", "DROP"} and (
        f'Did you mean "{CATALOG}.' in message
    )
    if readonly or missing:
        return (
            f"The curated database {CATALOG} is read-only. Work on a copy in the scratch "
            f"database, e.g. CREATE TABLE my_facts AS FROM {CATALOG}.facts"
        )
    return None


def describe_error(exc: duckdb.Error, sql: str, index: int, stype: str) -> StatementError:
    """A :class:`StatementError` from DuckDB's exception for statement ``index``."""
    raw = str(exc).strip()
    summary = clean_message(exc)
    position = error_position(raw, sql)
    hint = _hint(stype, raw)
    detail = raw if hint is None else f"{raw}\n{hint}"
    if hint:
        summary = f"{summary} — {hint}"
    line, column = position if position else (None, None)
    return StatementError(summary, detail=detail, index=index, line=line, column=column)


class QueryRun:
    """One press of the run key: its statements, its cursor, its streamed result."""

    def __init__(
        self,
        cursor_factory: Callable[[], duckdb.DuckDBPyConnection],
        statements: Sequence[str],
        *,
        first_page: int = FIRST_PAGE,
    ) -> None:
        self.statements = list(statements)
        self.first_page = first_page
        self._cursor_factory = cursor_factory
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._closed = False
        self.fetched = 0
        """Rows handed out so far."""
        self.exhausted = False
        """The stream has no more rows (or there is no stream)."""
        self.changes_catalog = False
        """Some statement run so far may have created, dropped or altered a relation."""
        self.last_sql: str | None = None
        """The last statement, when it produced rows (what an export re-runs)."""
        self.results: list[StatementResult] = []
        """The result of each statement run so far."""
        self.tables: list[str] = []
        """Copies of results made by this run (their owners drop them)."""

    @property
    def cancelled(self) -> bool:
        """``cancel()`` was called."""
        return self._cancelled.is_set()

    def execute(self) -> Outcome:
        """Run every statement in order; return each one's result (the last streaming).

        Raises :class:`StatementError` for the first failing statement (the ones before
        it stay done, like in any SQL shell; their results are in :attr:`results`) and
        :class:`QueryCancelled` if cancelled.
        """
        started = time.perf_counter()
        with self._lock:
            self._check_open()
            self._cursor = self._cursor_factory()
            last = len(self.statements) - 1
            for index, sql in enumerate(self.statements):
                self._check_open()
                t0 = time.perf_counter()
                stype = self._guard(index, sql)
                if stype not in _ROW_TYPES:
                    self.changes_catalog = True
                if index < last and stype == "SELECT":
                    result = self._capture(index, sql, t0)
                else:
                    self._execute_one(self._cursor, index, sql, stype)
                    if stype == "ATTACH":
                        self._check_attached(index)
                    result = self._result(index, sql, stype, t0, last=index == last)
                self.results.append(result)
            if not self.results[-1].is_status:
                self.last_sql = self.statements[-1]
            return Outcome(
                results=tuple(self.results),
                statements=len(self.statements),
                elapsed=time.perf_counter() - started,
                changes_catalog=self.changes_catalog,
            )

    def _guard(self, index: int, sql: str) -> str:
        try:
            return guard(sql)
        except QueryError as exc:
            raise StatementError(
                str(exc), detail=f"Refused: {exc}.", index=index, line=None, column=None
            ) from None

    def _check_attached(self, index: int) -> None:
        try:
            check_attached(self._cursor)
        except QueryError as exc:
            self.changes_catalog = True
            raise StatementError(
                str(exc), detail=f"Refused: {exc}.", index=index, line=None, column=None
            ) from None

    def _execute_one(
        self, cursor: duckdb.DuckDBPyConnection, index: int, sql: str, stype: str
    ) -> None:
        try:
            cursor.execute(sql)
        except duckdb.InterruptException:
            raise QueryCancelled from None
        except duckdb.Error as exc:
            if self.cancelled:
                raise QueryCancelled from None
            raise describe_error(exc, sql, index, stype) from None

    def _result(
        self, index: int, sql: str, stype: str, started: float, *, last: bool
    ) -> StatementResult:
        """The result of the statement just executed on the run's cursor."""
        assert self._cursor is not None
        description = self._cursor.description or []
        columns = tuple(str(d[0]) for d in description)
        types = tuple(str(d[1]) for d in description)
        self.exhausted = False
        rows = self._fetch_locked(self.first_page if last else KEPT_ROWS)
        is_status = stype not in _ROW_TYPES and columns in (("Count",), ("Success",), ())
        changed = None
        if is_status and columns == ("Count",) and rows and isinstance(rows[0][0], int):
            changed = rows[0][0]
        exhausted = self.exhausted
        if not last:
            self.exhausted = True  # the next statement replaces this stream
        return StatementResult(
            index=index,
            sql=sql,
            statement_type=stype,
            columns=columns,
            types=types,
            rows=rows,
            exhausted=exhausted,
            is_status=is_status,
            changed=changed,
            elapsed=time.perf_counter() - started,
            live=last and not exhausted and not is_status,
            total=len(rows) if exhausted and not is_status else None,
        )

    def _capture(self, index: int, sql: str, started: float) -> StatementResult:
        """Run an earlier SELECT as a copy of its result (see :class:`StatementResult`)."""
        assert self._cursor is not None
        table = wrap.new_table()
        try:
            self._cursor.execute(wrap.schema_sql())
            total_row = self._cursor.execute(wrap.copy_sql(sql, table)).fetchone()
        except duckdb.InterruptException:
            raise QueryCancelled from None
        except duckdb.Error:
            if self.cancelled:
                raise QueryCancelled from None
            # DuckDB's own message and position come from the statement as written;
            # should it succeed on its own after all, its first rows are kept.
            self._execute_one(self._cursor, index, sql, "SELECT")
            return self._result(index, sql, "SELECT", started, last=False)
        self.tables.append(table)
        try:
            page = self._cursor.execute(wrap.page_sql(table, 0, self.first_page))
            description = page.description or []
            rows = page.fetchmany(self.first_page)
        except duckdb.Error as exc:
            raise describe_error(exc, sql, index, "SELECT") from None
        total = int(total_row[0]) if total_row else len(rows)
        return StatementResult(
            index=index,
            sql=sql,
            statement_type="SELECT",
            columns=tuple(str(d[0]) for d in description),
            types=tuple(str(d[1]) for d in description),
            rows=rows,
            exhausted=len(rows) >= total,
            is_status=False,
            changed=None,
            elapsed=time.perf_counter() - started,
            table=table,
            total=total,
        )

    def fetch(self, size: int = PAGE) -> list[tuple[Any, ...]]:
        """The next ``size`` rows of the stream (fewer at its end; empty once exhausted)."""
        with self._lock:
            self._check_open()
            return self._fetch_locked(size)

    def _fetch_locked(self, size: int) -> list[tuple[Any, ...]]:
        if self.exhausted or self._cursor is None:
            return []
        try:
            rows = self._cursor.fetchmany(size)
        except duckdb.InterruptException:
            raise QueryCancelled from None
        except duckdb.InvalidInputException as exc:
            # A statement without a result (CREATE, SET...) has nothing to fetch.
            if "no open result" in str(exc).lower() or "no result" in str(exc).lower():
                self.exhausted = True
                return []
            raise self._fetch_error(exc) from None
        except duckdb.Error as exc:
            if self.cancelled:
                raise QueryCancelled from None
            raise self._fetch_error(exc) from None
        self.fetched += len(rows)
        if len(rows) < size:
            self.exhausted = True
        return rows

    def _fetch_error(self, exc: duckdb.Error) -> StatementError:
        index = min(len(self.results), len(self.statements) - 1)
        return describe_error(exc, self.statements[index], index, "")

    def _check_open(self) -> None:
        if self._closed or self.cancelled:
            raise QueryCancelled

    def cancel(self) -> None:
        """Interrupt whatever the run is doing (safe from any thread; repeatable)."""
        self._cancelled.set()
        cursor = self._cursor
        if cursor is not None:
            with contextlib.suppress(duckdb.Error):
                cursor.interrupt()

    def close(self) -> None:
        """Stop the run and release its stream and cursor (waits for the worker to let go)."""
        self.cancel()
        # An interrupt that lands between two statements can be lost: repeat it until
        # the worker lets go of the cursor.
        while not self._lock.acquire(timeout=0.05):
            self.cancel()
        try:
            self._closed = True
            cursor, self._cursor = self._cursor, None
            self.exhausted = True
        finally:
            self._lock.release()
        if cursor is not None:
            with contextlib.suppress(duckdb.Error):
                cursor.close()
