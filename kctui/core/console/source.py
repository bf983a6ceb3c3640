"""Where a result tab's rows come from, and the work DuckDB does for it. No Textual here.

A :class:`ResultSource` is one set of rows as a result tab shows it: a statement's
result (streaming from its run, or a copy made as the run went), or a sorted or
filtered view of one (a wrapped query, :mod:`kctui.core.console.wrap`). Besides the
stream it can

* **count** its rows in DuckDB (``count(*)`` over the statement, on a cursor of its
  own, while the grid shows the first rows);
* **copy** its result into a table (once), after which any page is read by ``rowid``
  at any depth, the total is known and the stream is let go;
* **read a page** of that copy.

Each of these blocks and runs in a worker thread, each on a fresh cursor, so they run
beside one another and beside the UI. :meth:`cancel` interrupts all of them; a
cancelled or failed one raises :class:`~kctui.core.console.run.QueryCancelled` or
:class:`SourceError`. :meth:`close` drops the copy (DuckDB reuses its memory) and
releases the stream.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import duckdb

from kctui.core.console import wrap
from kctui.core.console.outcome import StatementResult
from kctui.core.console.pages import Pages
from kctui.core.console.run import PAGE, QueryCancelled, QueryRun
from kctui.core.db import clean_message

CursorFactory = Callable[[], duckdb.DuckDBPyConnection]


class SourceError(Exception):
    """Counting, copying or reading a page failed; one line for the user."""


class ResultSource:
    """The rows of one result tab, at hand and in DuckDB."""

    def __init__(
        self,
        cursor_factory: CursorFactory,
        result: StatementResult,
        *,
        run: QueryRun | None = None,
        sql: str | None = None,
        owns_table: bool = True,
    ) -> None:
        """``result``: what the run gave (first rows, columns); ``run``: its live stream,
        if it is one; ``sql``: the SQL these rows are the result of, when DuckDB can
        wrap it (default: the statement's, if wrappable); ``owns_table``: drop the
        result's copy on :meth:`close`."""
        self._cursor_factory = cursor_factory
        self.result = result
        self.columns, self.types = result.columns, result.types
        self.run = run if result.live else None
        self.table: str | None = result.table
        self._owns_table = owns_table
        if sql is None and result.wrappable and result.table is None:
            sql = result.sql
        self.sql = sql
        """SQL whose result these rows are (``None``: DuckDB cannot wrap it)."""
        self.pages = Pages(len(result.columns))
        self.exhausted = result.exhausted
        """Every row is at hand or in the copy (nothing more to stream)."""
        self.total: int | None = result.total
        if self.table is not None and self.total is not None:
            self.pages.window(self.total, list(result.rows))
        else:
            self.pages.extend(result.rows)
            self.pages.total = self.total
        self._lock = threading.Lock()
        self._active: set[duckdb.DuckDBPyConnection] = set()
        self._copy_lock = threading.Lock()
        self.closed = False

    # --- what it is -----------------------------------------------------------------

    @property
    def wrappable(self) -> bool:
        """It can be counted, copied, sorted and filtered in DuckDB."""
        return self.table is not None or self.sql is not None

    @property
    def base_sql(self) -> str | None:
        """What a sort or filter wraps: the copy if there is one, else the SQL."""
        return wrap.table_sql(self.table) if self.table is not None else self.sql

    @property
    def export_sql(self) -> str | None:
        """What an export writes (every row of this source)."""
        return self.base_sql

    @property
    def streaming(self) -> bool:
        """More rows may come from the stream (it is open and not at its end)."""
        return self.run is not None and not self.exhausted and not self.pages.windowed

    # --- the stream -------------------------------------------------------------------

    def fetch(self, size: int = PAGE) -> list[tuple[Any, ...]]:
        """The next rows of the stream (raises QueryCancelled once it has been let go)."""
        if self.run is None or self.closed:
            raise QueryCancelled
        rows = self.run.fetch(size)
        if len(rows) < size or self.run.exhausted:
            self.exhausted = True
        return rows

    def appended(self, rows: list[tuple[Any, ...]]) -> None:
        """The UI thread took ``rows`` from :meth:`fetch`: they are at hand now."""
        if self.pages.windowed:
            return
        self.pages.extend(rows)
        if self.exhausted and self.total is None:
            self.total = len(self.pages.prefix)
            self.pages.total = self.total

    # --- work in DuckDB ----------------------------------------------------------------

    def _execute(self, sql: str) -> duckdb.DuckDBPyConnection:
        if self.closed:
            raise QueryCancelled
        cursor = self._cursor_factory()
        with self._lock:
            if self.closed:
                cursor.close()
                raise QueryCancelled
            self._active.add(cursor)
        try:
            cursor.execute(sql)
        except duckdb.InterruptException:
            self._release(cursor)
            raise QueryCancelled from None
        except duckdb.Error as exc:
            self._release(cursor)
            if self.closed:
                raise QueryCancelled from None
            raise SourceError(clean_message(exc)) from None
        return cursor

    def _release(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            self._active.discard(cursor)
        with contextlib.suppress(duckdb.Error):
            cursor.close()

    def _one(self, sql: str) -> Any:
        cursor = self._execute(sql)
        try:
            row = cursor.fetchone() if cursor.description else None
        except duckdb.InterruptException:
            raise QueryCancelled from None
        except duckdb.Error as exc:
            raise SourceError(clean_message(exc)) from None
        finally:
            self._release(cursor)
        return row[0] if row else None

    def count(self) -> int:
        """How many rows this result has (counted by DuckDB)."""
        if self.total is not None:
            return self.total
        sql = self.base_sql
        if sql is None:
            raise SourceError("this statement's rows cannot be counted in DuckDB")
        total = int(self._one(wrap.count_sql(sql)))
        self.total = total
        return total

    def copy(self) -> int:
        """Copy the result into a table (once), so any page can be read; its total."""
        with self._copy_lock:
            if self.table is not None and self.total is not None:
                return self.total
            if self.sql is None:
                raise SourceError("this statement's rows can only be read in order")
            table = wrap.new_table()
            self._one(wrap.schema_sql())
            copied = self._one(wrap.copy_sql(self.sql, table))
            with self._lock:
                if self.closed:  # closed while copying: nobody will drop it but us
                    self._drop(table)
                    raise QueryCancelled
                self.table = table
                self._owns_table = True
            self.total = int(copied) if copied is not None else self._count_copy(table)
            return self.total

    def _count_copy(self, table: str) -> int:
        return int(self._one(f"SELECT count(*) FROM {table}"))

    def windowed(self, first: list[tuple[Any, ...]] | None = None) -> None:
        """The UI thread switches the rows at hand to pages of the copy."""
        if self.total is not None:
            self.pages.window(self.total, first)
        self.exhausted = True

    def read_page(self, page: int) -> list[tuple[Any, ...]]:
        """Page ``page`` of the copy (:meth:`copy` first)."""
        if self.table is None:
            raise SourceError("no copy to read pages from")
        size = self.pages.page
        cursor = self._execute(wrap.page_sql(self.table, page * size, size))
        try:
            return cursor.fetchmany(size)
        except duckdb.InterruptException:
            raise QueryCancelled from None
        except duckdb.Error as exc:
            raise SourceError(clean_message(exc)) from None
        finally:
            self._release(cursor)

    # --- stopping ------------------------------------------------------------------------

    @property
    def working(self) -> bool:
        """Some work of this source is running in DuckDB."""
        return bool(self._active)

    def cancel(self) -> None:
        """Interrupt every piece of work running for this source (any thread)."""
        with self._lock:
            active = list(self._active)
        for cursor in active:
            with contextlib.suppress(duckdb.Error):
                cursor.interrupt()

    def release_stream(self) -> None:
        """Let the stream go (its rows are in the copy now); blocks until it is free."""
        run, self.run = self.run, None
        if run is not None:
            run.close()

    def close(self) -> None:
        """Stop everything, let the stream go and drop the copy (blocks: call off the UI
        thread)."""
        with self._lock:
            self.closed = True
        self.cancel()
        self.release_stream()
        table = self.table if self._owns_table else None
        if table is not None:
            self._drop(table)

    def _drop(self, table: str) -> None:
        with contextlib.suppress(duckdb.Error):
            cursor = self._cursor_factory()
            try:
                cursor.execute(wrap.drop_sql(table))
            finally:
                cursor.close()
