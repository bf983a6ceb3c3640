"""How a result's values read in the grid, and how they are copied.

Numbers are for people: thousands separators and, per column, one number of decimals
for every row, so the points line up (``1,235,000,000`` in a column of whole numbers,
``79.60`` beside ``0.0123`` → ``79.6000``/``0.0123``). A DOUBLE shows at most 6 decimals
and goes to scientific notation only past 10^15 or below 10^-6. Integer columns named
like an id or a year keep their digits ungrouped (``2021``, not ``2,021``). The exact
value is never far: the cell view and the clipboard (:func:`copy_text`) have it as
DuckDB returned it, and exports are written by DuckDB itself.

NULL is styled apart by the grid (a dim ``NULL``); an empty string is nothing at all;
control characters and terminal escapes in text are shown as visible symbols
(:func:`kctui.core.text.visible`), never interpreted.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from typing import Any

from kctui.core.text import visible

INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}
MAX_DECIMALS = 6
MIN_DECIMALS = 2


def base_type(type_name: str) -> str:
    return type_name.upper().split("(")[0].strip()


def is_numeric_type(type_name: str) -> bool:
    """Whether a DuckDB column type holds numbers (shown right-aligned)."""
    base = base_type(type_name)
    return base in INTEGER_TYPES or base in FLOAT_TYPES or base == "DECIMAL"


def short_type(type_name: str) -> str:
    """A compact type name for the column header (``DECIMAL(18,3)`` → ``decimal``)."""
    base = type_name.split("(")[0].strip().strip('"').lower()
    if base.endswith("[]") or base.startswith(("struct", "map", "union")):
        return base.split("(")[0][:10]
    return {"varchar": "text", "timestamp with time zone": "timestamptz"}.get(base, base)


def _plain_name(name: str) -> bool:
    """A column whose integers are codes, not amounts (no thousands separators)."""
    lower = name.lower()
    return lower in {"id", "year", "yr"} or lower.endswith(("_id", "_year", "_yr", "_code"))


def _decimals_needed(value: float) -> int:
    rounded = round(value, MAX_DECIMALS)
    if rounded == int(rounded):
        return 0
    text = repr(rounded)
    if "e" in text:
        return MAX_DECIMALS
    return min(MAX_DECIMALS, max(MIN_DECIMALS, len(text.partition(".")[2])))


def _float_is_scientific(value: float) -> bool:
    magnitude = abs(value)
    return magnitude >= 1e15 or 0 < magnitude < 10**-MAX_DECIMALS


class ColumnFormat:
    """How one column's values read: learnt from the values seen (``observe``)."""

    def __init__(self, name: str, type_name: str) -> None:
        base = base_type(type_name)
        self.kind = (
            "int"
            if base in INTEGER_TYPES
            else "float"
            if base in FLOAT_TYPES
            else "decimal"
            if base == "DECIMAL"
            else "other"
        )
        self.group = not (self.kind == "int" and _plain_name(name))
        self.decimals = 0

    def observe(self, value: Any) -> bool:
        """Take ``value`` into account; whether the column now needs more decimals."""
        if self.kind != "float" or not isinstance(value, float):
            return False
        if math.isnan(value) or math.isinf(value) or _float_is_scientific(value):
            return False
        needed = _decimals_needed(value)
        if needed > self.decimals:
            self.decimals = needed
            return True
        return False

    def text(self, value: Any) -> str:
        """The cell's text (never for NULL, which the grid draws itself)."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int) and self.kind in ("int", "decimal", "float"):
            return f"{value:,}" if self.group else str(value)
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return str(value)
            if _float_is_scientific(value):
                return f"{value:.6g}"
            return f"{value:,.{self.decimals}f}"
        if isinstance(value, decimal.Decimal) and value.is_finite():
            return f"{value:,}"
        return display(value)


def display(value: Any) -> str:
    """A value as plain text, as DuckDB returned it (names, non-numeric cells)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return format(value, ".15g") if abs(value) < 1e15 else repr(value)
    if isinstance(value, int | decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat(sep=" ") if isinstance(value, _dt.datetime) else value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    text = value if isinstance(value, str) else str(value)
    return visible(text, newlines="mark")


def literal(text: str) -> str:
    """``text`` with control characters (terminal escapes) made visible, newlines kept."""
    return visible(text, newlines="keep")


def copy_text(value: Any) -> str:
    """A value as copied to the clipboard: exact, NULL as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return display(value) if not isinstance(value, str) else value
