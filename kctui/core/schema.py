"""The database's shape: its schema version and the SQL that creates it.

``schema.sql`` beside this module creates every table and view and carries the
``COMMENT ON`` of each table, view and column next to its definition, so the text the
console's schema browser shows is reviewed with the schema it describes.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_VERSION = "5"
"""Bumped whenever a table or view changes shape: an older file is refused, not misread."""

SCHEMA_SQL = Path(__file__).resolve().parent / "schema.sql"
"""The DDL ``kctui build`` runs, comments included."""
