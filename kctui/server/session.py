"""One page's explorer: a process started without a shell, in a session of its own, and
ended for certain."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
from typing import Any

from textual_serve.app_service import AppService

GRACE = 5.0
"""Seconds an app is given at each step of ending it (quit, then SIGTERM, then SIGKILL)."""


class Session(AppService):
    """One page's explorer: textual-serve's AppService, but started without a shell, in a
    session of its own, and ended for certain (:meth:`end`)."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        # AppService runs its command through a shell; ours is an argument list (a
        # database path with spaces or quotes in it stays one argument), and its own
        # session keeps the terminal's Ctrl-C for the server, which ends it itself.
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        """The app's process id, once started."""
        return None if self._process is None else self._process.pid

    @property
    def finished(self) -> asyncio.Task[None] | None:
        """The task relaying the app's output: done once the app's output ends."""
        return self._task

    async def end(self, grace: float | None = None) -> None:
        """Ask the app to quit; past ``grace`` seconds (:data:`GRACE`), SIGTERM it, then
        SIGKILL it."""
        grace = GRACE if grace is None else grace
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(self.stop(), grace)
        process = self._process
        if process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                await asyncio.wait_for(process.wait(), grace)
                return
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, sig)
        await process.wait()
