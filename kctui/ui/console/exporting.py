"""Exporting a console result: ask where, confirm an overwrite, write it off the UI thread.

DuckDB re-runs the query with ``COPY ... TO`` (:func:`kctui.core.console.export.export`)
in a thread worker of the console screen; escape interrupts it. The outcome comes back
as :class:`~kctui.ui.console.messages.ExportFinished`.

In a browser page (``kctui serve``) a path on the server means nothing to the reader:
there the dialog asks for a file name only, the file is written to a private temporary
folder and handed to the browser as a download (Textual's ``deliver_binary``), and the
temporary copy is removed once its handle is open.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
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

    @property
    def to_browser(self) -> bool:
        """The app runs in a browser page: exports are downloads, not files here."""
        return self.screen.app.is_web

    def ask(self, sql: str, rows: str) -> None:
        """Ask where to write ``sql``'s result (``rows``: how many, for the dialog)."""
        fmt = export.format_for(self.path) or "csv"
        default = Path(self.path).name if self.to_browser else self.path
        self.screen.app.push_screen(
            ExportScreen(default, fmt, rows, download=self.to_browser),
            partial(self._submitted, sql),
        )

    def _submitted(self, sql: str, request: ExportRequest | None) -> None:
        if request is None:
            return
        if self.to_browser:
            name = Path(request.path.strip()).name or "kctui-result"
            self.path = name
            folder = Path(tempfile.mkdtemp(prefix="kctui-export-"))  # only ours can read it
            self._start(sql, folder / name, request.fmt, False)
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
        browser = self.to_browser
        try:
            count = export.export(
                self.db.cursor, sql, path, fmt, overwrite=overwrite, on_cursor=hold
            )
            if browser:
                self.screen.app.call_from_thread(self._deliver, path)
        except Exception as exc:  # ExportError, or a surprise: one line either way
            self.screen.post_message(ExportFinished(f"Export failed: {exc}", False))
        else:
            where = f"the browser as {path.name}" if browser else str(path)
            self.screen.post_message(
                ExportFinished(f"Wrote {count:,} rows to {where} ({name})", True)
            )
        finally:
            self._cursor = None
            if browser:
                shutil.rmtree(path.parent, ignore_errors=True)

    def _deliver(self, path: Path) -> None:
        # The open handle keeps the data readable after the folder is removed; Textual
        # reads it in chunks as the browser downloads it, then closes it.
        handle = path.open("rb")
        self.screen.app.deliver_binary(handle, save_filename=path.name)
