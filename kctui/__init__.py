"""kctui: a terminal research tool for Kingsoft Cloud's financial history.

Importing the package is cheap on purpose: the CLI's ``kctui sql`` path must not pull
in Textual or pandas. The notebook API is reached through :func:`open_dataset`, which
imports pandas only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kctui.version import __version__

if TYPE_CHECKING:
    from kctui.api import Dataset

__all__ = ["__version__", "open_dataset"]


def open_dataset(db: Any = None) -> Dataset:
    """Open the curated dataset for notebooks: views as pandas DataFrames.

    ``db`` is a path to a built database; by default the packaged data is built (once)
    into the user cache and opened read-only.
    """
    from kctui.api import open_dataset as _open

    return _open(db)
