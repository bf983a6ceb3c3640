"""``kctui build``: the curated CSVs, validated, into a DuckDB file.

It reads ``data/*.csv`` (:mod:`~kctui.build.read`), checks every row against the
curation rules (:mod:`~kctui.build.rules`, :mod:`~kctui.build.validate`): types, units,
period forms, excerpts that hold their ``as_stated`` words, unique ids, known entities
and metrics, values equal to the parse of their words; and only then writes the
database atomically (:mod:`~kctui.build.write`). :mod:`~kctui.build.cache` keeps the
default database in the user cache. May use :mod:`kctui.core`; never the UI.
"""

from __future__ import annotations

from kctui.build.cache import DatabaseUnavailable, default_db_path, ensure_database
from kctui.build.errors import BuildError, Problem
from kctui.build.inputs import content_hash
from kctui.build.validate import Validated, validate
from kctui.build.write import build, write_database

__all__ = [
    "BuildError",
    "DatabaseUnavailable",
    "Problem",
    "Validated",
    "build",
    "content_hash",
    "default_db_path",
    "ensure_database",
    "validate",
    "write_database",
]
