"""The notebook API: the curated views as pandas DataFrames.

pandas is imported here and only here (and in exports): the CLI and the app never
pay for it.

    >>> import kctui
    >>> ds = kctui.open_dataset()
    >>> ds.annual_results.head()
    >>> ds.sql("select * from conflicts")
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from kctui.build.cache import ensure_database
from kctui.core.db import Database

if TYPE_CHECKING:
    import pandas as pd

VIEWS = (
    "sources",
    "excerpts",
    "entities",
    "metrics",
    "facts",
    "financing_rounds",
    "events",
    "facts_all",
    "derived_facts",
    "best_facts",
    "quarterly_results",
    "annual_results",
    "competitors",
    "conflicts",
    "fact_sources",
)


class Dataset:
    """The curated database; each table or view is an attribute returning a DataFrame."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read-only query and return a DataFrame."""
        import pandas as pd

        result = self._db.query(query, params)
        return pd.DataFrame(result.rows, columns=list(result.columns))

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in VIEWS:
            return self.sql(f"SELECT * FROM {name}")
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *VIEWS})

    def close(self) -> None:
        """Close the underlying connection."""
        self._db.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dataset(db: str | os.PathLike[str] | None = None) -> Dataset:
    """Open ``db`` (default: the curated database, built on first use) for notebooks."""
    return Dataset(Database(ensure_database(db)))
