"""Open the database and load the dashboard on a thread, before Textual is imported.

Importing Textual takes most of a launch and is pure Python; opening DuckDB and running
the panels' queries is mostly native work that gives the interpreter up. So the CLI
starts this first, imports the app meanwhile, and the dashboard's first paint finds its
data waiting. No Textual import here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from kctui.core.dashboard import Dashboard, load_dashboard
from kctui.core.db import Database


class Preload:
    """The database, opened on a thread, and the dashboard's data, loaded after it."""

    def __init__(self, opener: Callable[[], Database]) -> None:
        """``opener`` opens the database (on the thread): ``Database(path)``, or one that
        builds or rebuilds the default first."""
        self._database: Future[Database] = Future()
        self.dashboard: Future[Dashboard] = Future()
        """What the first dashboard shows (its screen waits on this instead of loading)."""
        threading.Thread(
            target=self._run, args=(opener,), name="kctui-preload", daemon=True
        ).start()

    def _run(self, opener: Callable[[], Database]) -> None:
        try:
            db = opener()
        except BaseException as exc:  # reported by database(), on the caller's thread
            self._database.set_exception(exc)
            self.dashboard.set_exception(exc)
            return
        self._database.set_result(db)
        try:
            self.dashboard.set_result(load_dashboard(db))
        except BaseException as exc:  # the dashboard shows it in its error line
            self.dashboard.set_exception(exc)

    def database(self) -> Database:
        """The open database; raises what opening it raised (a
        :class:`kctui.core.db.DatabaseError`, say) if it could not be opened."""
        return self._database.result()


def load_in_thread(db: Database) -> Future[Dashboard]:
    """The dashboard's queries on a thread of their own, for an already open ``db`` (a
    dashboard nothing preloaded starts this as it is created)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kctui-dashboard")
    try:
        return pool.submit(load_dashboard, db)
    finally:
        pool.shutdown(wait=False)
