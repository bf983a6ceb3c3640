"""What every command shares: its one-line errors, and the database it opens."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

from kctui.core.text import visible

if TYPE_CHECKING:
    from kctui.core.db import Database


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 1."""

    status = 1


class UsageError(CliError):
    """An argument that cannot be used (a date that is not one): one line, exit status 2,
    as argparse exits for arguments it refuses itself."""

    status = 2


def say(line: str, *, prefix: str = "kctui: ") -> None:
    """``kctui: <line>`` on stderr, as one line whose escape sequences are made visible."""
    # stderr closed or full: nowhere left to say it. (With fd 2 closed at start-up
    # sys.stderr is None, and print(file=None) would write to stdout: into the
    # user's CSV.)
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(f"{prefix}{visible(' '.join(line.split()))}", file=sys.stderr, flush=True)


def open_database(db: str | os.PathLike[str] | None) -> Database:
    """The database ``db`` names (default: the cached curated one), opened and verified."""
    from kctui.build.cache import DatabaseUnavailable, open_database
    from kctui.core.db import DatabaseError

    try:
        return open_database(db, notice=say)
    except (DatabaseUnavailable, DatabaseError) as exc:
        raise CliError(str(exc)) from None
