"""kctui's Textual app: the dashboard, detail, console and their widgets.

It may import :mod:`kctui.core`, never :mod:`kctui.build` (the CLI builds the database
before the app starts; an import-linter contract checks it). :func:`create_app` is the
one way to make the app, for the ``kctui`` command and the tests alike; this module
imports no Textual itself, so the launch can start DuckDB before Textual is imported.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kctui.core.config import Config, ConfigError
    from kctui.core.db import Database
    from kctui.ui.app import KctuiApp


def create_app(
    db: Database | str | os.PathLike[str] | Callable[[], Database],
    *,
    preload: bool = True,
    theme: str | None = None,
    config: Config | None = None,
) -> KctuiApp:
    """The explorer on ``db``: a path, an open :class:`~kctui.core.db.Database`, or a
    function that opens one (the CLI's, which builds or rebuilds the default first).

    With ``preload`` (the ``kctui`` command's way), DuckDB opens the file and runs the
    dashboard's queries on a thread while Textual is imported, so the first paint has
    its data, and the cyclic GC is off until that paint (``KctuiApp.end_startup``):
    start-up makes a great many objects that live as long as the app, and scanning them
    again and again cost a tenth of a launch. Without it, the dashboard loads its data
    itself once it is created. A file that is not a usable kctui database raises
    :class:`~kctui.core.db.DatabaseError` before anything is drawn.

    ``config``: the user's settings (default: ``config.toml`` in the user config dir,
    read now; a bad file means the defaults, and ``app.config_problem`` says why).
    ``theme``: this launch's theme, over the config file's.
    """
    from kctui.core import config as settings
    from kctui.core.db import Database

    error: ConfigError | None = None
    if config is None:
        config, error = settings.load()
    if isinstance(db, Database):
        opener: Callable[[], Database] = lambda: db  # noqa: E731
    elif isinstance(db, str | os.PathLike):
        path = Path(db)
        opener = lambda: Database(path)  # noqa: E731
    else:
        opener = db
    if not preload:
        from kctui.ui.app import KctuiApp

        return KctuiApp(opener(), theme=theme, config=config, config_error=error)
    gc.disable()
    try:
        from kctui.core.preload import Preload

        loading = Preload(opener)
        from kctui.ui.app import KctuiApp  # Textual is imported while DuckDB works

        return KctuiApp(
            loading.database(),
            dashboard=loading.dashboard,
            theme=theme,
            config=config,
            config_error=error,
        )
    except BaseException:
        gc.enable()
        raise
