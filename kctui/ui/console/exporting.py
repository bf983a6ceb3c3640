"""Exporting a console result: ask where, confirm an overwrite, write it off the UI thread.

DuckDB re-runs the query with ``COPY ... TO`` (:func:`kctui.core.console.export.export`)
in a thread worker of the console screen; escape interrupts it. The outcome comes back
as :class:`~kctui.ui.console.messages.ExportFinished`.
"""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

import duckdb
from textual.screen import Screen

from kctui.core.console import export
from kctui.core.db import Database
from kctui.ui.console.dialogs import ConfirmScreen, ExportRequest, ExportScreen
from kctui.ui.console.messages import ExportFinished


class ExportFlow:
    """The export dialog and the export it starts, for one console screen."""

    def __init__(self, screen: Screen[None], db: Database) -> None:
        self.screen = screen
        self.db = db
        self.path = str(Path.cwd() / "kctui-result.csv")
        """The last path exported to (the dialog offers it again)."""
        self.folder: Path | None = None
        """The configured export folder (``[console] export_dir``), if any."""
        self._cursor: duckdb.DuckDBPyConnection | None = None

    def use_folder(self, folder: Path) -> None:
        """Offer ``folder`` (from the config file) until the user picks another path."""
        self.folder = folder
        self.path = str(folder / "kctui-result.csv")

    @property
    def running(self) -> bool:
        """An export is being written."""
        return self._cursor is not None

    def cancel(self) -> None:
        """Interrupt the export being written, if any."""
        if self._cursor is not None:
            with contextlib.suppress(duckdb.Error):
                self._cursor.interrupt()

    def ask(self, sql: str, rows: str) -> None:
        """Ask where to write ``sql``'s result (``rows``: how many, for the dialog)."""
        fmt = export.format_for(self.path) or "csv"
        self.screen.app.push_screen(
            ExportScreen(self.path, fmt, rows), partial(self._submitted, sql)
        )

    def _submitted(self, sql: str, request: ExportRequest | None) -> None:
        if request is None:
            return
        try:
            path = export.resolve(request.path)
        except export.ExportError as exc:
            self.screen.notify(str(exc), title="Export", severity="error", markup=False)
            return
        self.path = str(path)
        if path.exists() and not path.is_dir():

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._start(sql, path, request.fmt, True)

            self.screen.app.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?"), confirmed)
        else:
            self._start(sql, path, request.fmt, False)

    def _start(self, sql: str, path: Path, fmt: str, overwrite: bool) -> None:
        self.screen.run_worker(
            partial(self._write, sql, path, fmt, overwrite),
            thread=True,
            group="export",
            exit_on_error=False,
        )

    def _write(self, sql: str, path: Path, fmt: str, overwrite: bool) -> None:
        def hold(cursor: duckdb.DuckDBPyConnection) -> None:
            self._cursor = cursor

        self.screen.app.call_from_thread(self.screen.refresh_bindings)
        name = "Parquet" if fmt == "parquet" else fmt.upper()
        try:
            count = export.export(
                self.db.cursor, sql, path, fmt, overwrite=overwrite, on_cursor=hold
            )
        except Exception as exc:  # ExportError, or a surprise: one line either way
            self.screen.post_message(ExportFinished(f"Export failed: {exc}", False))
        else:
            self.screen.post_message(
                ExportFinished(f"Wrote {count:,} rows to {path} ({name})", True)
            )
        finally:
            self._cursor = None
