""" "As known on": the days the sources were published, and sessions as of one of them.

:class:`Calendar` is the list of steps ``[`` and ``]`` move through (one per
publication date, the last being today: every source) and what the title bar says of
each. :func:`begin_as_of` turns a DuckDB cursor into one on which every curated name
answers as known on a day (see :mod:`kctui.core.history`); :class:`AsOfSession` is such
a cursor with the interface of :class:`~kctui.core.db.Database`'s queries, so the
dashboard's and the detail view's loaders run on it unchanged; :class:`DashboardLoader`
loads the dashboard as known on a day on a thread, and the days next to it ahead. No
Textual import here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import duckdb

from kctui.core import history
from kctui.core.db import Database, QueryError, Result, clean_message

if TYPE_CHECKING:
    from kctui.core.dashboard import Dashboard


class Step(NamedTuple):
    """One day "as known on" can stand on: a publication date and what was out by then."""

    day: date
    known: int
    """How many sources had been published by this day."""
    total: int
    """How many sources there are (today's count)."""
    approximate: bool
    """A source published this day has an inferred date (``sources.approximate``)."""
    sources: tuple[str, ...]
    """The sources published this day."""

    @property
    def today(self) -> bool:
        """Every source is known: the same as no date at all."""
        return self.known == self.total

    def label(self) -> str:
        """``as known on 2022-10-07 (approximate date) · 2 of 5 sources``."""
        approx = " (approximate date)" if self.approximate else ""
        noun = "source" if self.total == 1 else "sources"
        return f"as known on {self.day.isoformat()}{approx} · {self.known} of {self.total} {noun}"


class Calendar:
    """The steps of "as known on", earliest first; the last one is today.

    A position is an index into :attr:`steps`, or ``None`` for today (which the last
    step equals, every source being known by then).
    """

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)

    @classmethod
    def load(cls, db: Any) -> Calendar:
        """The publication dates of ``db``'s sources (``db``: anything with ``rows``)."""
        rows = db.rows(history.AS_OF_DATES)
        total = sum(int(r["sources"]) for r in rows)
        steps, known = [], 0
        for r in rows:
            known += int(r["sources"])
            steps.append(
                Step(
                    r["published"],
                    known,
                    total,
                    bool(r["approximate"]),
                    tuple(r["source_ids"].split(", ")),
                )
            )
        return cls(steps)

    def step(self, position: int | None, delta: int) -> int | None:
        """The position ``delta`` steps later (positive) or earlier from ``position``.

        Stops at the first step; reaching the last step (every source) is today, ``None``.
        """
        if not self.steps:
            return None
        last = len(self.steps) - 1
        current = last if position is None else position
        target = max(0, min(last, current + delta))
        return None if target == last else target

    def at(self, position: int | None) -> Step | None:
        """The step at ``position`` (``None``: today)."""
        return None if position is None else self.steps[position]

    def day(self, position: int | None) -> date | None:
        """The day of ``position`` (``None``: today)."""
        step = self.at(position)
        return step.day if step is not None else None

    def position_of(self, day: date | None) -> int | None:
        """The position of the last step on or before ``day`` (``None``: today)."""
        if day is None:
            return None
        found = None
        for i, step in enumerate(self.steps):
            if step.day <= day:
                found = i
        if found is None:
            return 0 if self.steps else None
        return None if found == len(self.steps) - 1 else found


def begin_as_of(cursor: duckdb.DuckDBPyConnection, day: date | None) -> None:
    """Make ``cursor`` answer as known on ``day`` (``None``: today): the session variable
    the views read, and temporary views that shadow the curated tables. Run once per
    cursor; :func:`set_day` moves it to another day."""
    for name, sql in history.SHADOWS.items():
        cursor.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
    set_day(cursor, day)


def set_day(cursor: duckdb.DuckDBPyConnection, day: date | None) -> None:
    """Move a cursor made by :func:`begin_as_of` to ``day`` (``None``: today)."""
    if day is None:
        cursor.execute(f"RESET VARIABLE {history.AS_OF_VARIABLE}")
    else:
        cursor.execute(f"SET VARIABLE {history.AS_OF_VARIABLE} = ?::DATE", [day.isoformat()])


class AsOfSession:
    """A cursor of ``db`` on which every curated name answers as known on a day.

    It has :class:`~kctui.core.db.Database`'s ``query`` and ``rows``, so the loaders of
    the dashboard and the detail view run on it as they are. One cursor, so one thread
    at a time: :meth:`at` holds it for a whole load.
    """

    def __init__(self, db: Database, day: date | None = None) -> None:
        self._cursor = db.cursor()
        self._lock = threading.RLock()
        self.day = day
        try:
            begin_as_of(self._cursor, day)
        except duckdb.Error as exc:
            self.close()
            raise QueryError(clean_message(exc)) from None

    @contextmanager
    def at(self, day: date | None) -> Iterator[AsOfSession]:
        """The session, as known on ``day``, for the duration of the block."""
        with self._lock:
            if day != self.day:
                set_day(self._cursor, day)
                self.day = day
            yield self

    def query(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        """As :meth:`Database.query <kctui.core.db.Database.query>`, as known on the day."""
        with self._lock:
            try:
                rel = self._cursor.execute(sql, params or [])
                if rel.description is None:
                    return Result((), (), [])
                columns = tuple(d[0] for d in rel.description)
                types = tuple(str(d[1]) for d in rel.description)
                return Result(columns, types, rel.fetchall())
            except duckdb.Error as exc:
                raise QueryError(clean_message(exc)) from None

    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """As :meth:`Database.rows <kctui.core.db.Database.rows>`, as known on the day."""
        result = self.query(sql, params)
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    def close(self) -> None:
        """Close the cursor (idempotent)."""
        with suppress(duckdb.Error):
            self._cursor.close()


def parse_day(text: str) -> date:
    """A day written ``YYYY-MM-DD``; ``ValueError`` with a one-line reason otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


class DashboardLoader:
    """The dashboard as known on any day, loaded on a thread of its own.

    One :class:`AsOfSession` on that thread; the few days asked for last are kept, so
    stepping back and forth between them is a look-up, and :meth:`prefetch` loads the
    days a step would go to before the key is pressed. A day asked for now goes ahead of
    the prefetches not yet started.
    """

    KEEP = 4
    """Days kept loaded (each holds a dashboard's data)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._session: AsOfSession | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kctui-as-of")
        self._loaded: OrderedDict[date, Future[Dashboard]] = OrderedDict()

    def dashboard(self, day: date) -> Future[Dashboard]:
        """The dashboard as known on ``day`` (done at once if it is already loaded)."""
        future = self._loaded.get(day)
        if future is not None and not future.cancelled():
            self._loaded.move_to_end(day)
            return future
        for other, pending in list(self._loaded.items()):
            if pending.cancel():  # not started: the day asked for goes first
                del self._loaded[other]
        return self._submit(day)

    def prefetch(self, days: Sequence[date | None]) -> None:
        """Load ``days`` (``None``: today, always loaded) ahead, if they are not yet."""
        for day in days:
            if day is not None and day not in self._loaded:
                self._submit(day)

    def _submit(self, day: date) -> Future[Dashboard]:
        future = self._pool.submit(self._load, day)
        self._loaded[day] = future
        while len(self._loaded) > self.KEEP:
            self._loaded.popitem(last=False)
        return future

    def _load(self, day: date) -> Dashboard:
        from kctui.core.dashboard import load_dashboard

        if self._session is None:
            self._session = AsOfSession(self._db)
        with self._session.at(day) as session:
            return load_dashboard(session)

    def loading(self) -> list[Future[Dashboard]]:
        """The loads not done yet (a bench waits for them before a step "loaded ahead")."""
        return [f for f in self._loaded.values() if not f.done()]

    def forget(self) -> None:
        """Drop the days loaded (a bench's steps "loaded on the key")."""
        self._loaded.clear()

    def close(self) -> None:
        """Stop loading (what is under way finishes on its thread, unused)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
