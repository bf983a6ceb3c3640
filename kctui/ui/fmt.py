"""Numbers and text formatted for reading: pure functions, no Textual, no I/O.

Values arrive in the data contract's base units (yuan, dollars, percent numbers) and
leave as short strings: ``¥2.17B``, ``US$300M``, ``¥21.7亿``, ``12.3%``, ``-0.9pp``.
The money *scale* is the user's choice (``u`` on the dashboard): ``auto`` picks B, M
or K by size; ``B``, ``M`` and ``亿`` force one. Per-share amounts and prices (below
100,000) are never scaled: ``US$0.00002B`` for a share price helps nobody.

Text from the data is made safe by :mod:`kctui.core.text`, not here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kctui.core.model import is_change
from kctui.core.text import cell_width, one_line

MISSING = "—"
"""Shown for a value that no source states."""

SCALES: tuple[str, ...] = ("auto", "B", "M", "亿")
"""Money scales, in the order the scale key cycles through them."""

CURRENCY_PREFIX = {"CNY": "¥", "USD": "US$", "HKD": "HK$"}
MONEY_UNITS = frozenset(CURRENCY_PREFIX)

_SCALE_FACTOR = {"B": 1e9, "亿": 1e8, "M": 1e6, "K": 1e3}
_UNSCALED_BELOW = 1e5
_BARS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▏▎▍▌▋▊▉"
GAP = "·"
"""The sparkline mark for a period no source reports."""
ELSEWHERE = "$"
"""The sparkline mark for a period stated only in another currency than the line's."""


def next_scale(scale: str) -> str:
    """The scale after ``scale`` in :data:`SCALES` (wrapping round)."""
    try:
        return SCALES[(SCALES.index(scale) + 1) % len(SCALES)]
    except ValueError:
        return SCALES[0]


def number(value: float, significant: int = 4) -> str:
    """``value`` with up to ``significant`` digits, thousands separators, no trailing zeros.

    Whole digits are never dropped: 20,100 stays 20,100 at four significant digits.
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, significant - 1 - magnitude)
    text = f"{abs(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    # Rounding can turn 0.00004 into "0": keep the sign honest.
    sign = "-" if value < 0 and text.strip("0.,") else ""
    return sign + text


def money(value: float, unit: str, scale: str = "auto") -> str:
    """A money amount: ``¥2.17B``, ``US$300M``, ``¥21.7亿``, ``-US$0.89``. A forced scale
    applies down to a hundredth of its unit (``US$0.05B``); below, the size's own."""
    prefix = CURRENCY_PREFIX.get(unit, "")
    suffix_unit = "" if prefix else f" {unit}"
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size < _UNSCALED_BELOW:
        body, suffix = number(size, 4 if size >= 1 else 2), ""
    else:
        auto = "B" if size >= 1e9 else "M" if size >= 1e6 else "K"
        # A forced scale that would leave only zeros after the point (US$0.00182B for
        # US$1.82M) gives way to the size's own.
        suffix = scale if scale in _SCALE_FACTOR and size >= _SCALE_FACTOR[scale] / 100 else auto
        body = number(size / _SCALE_FACTOR[suffix])
    return f"{sign}{prefix}{body}{suffix}{suffix_unit}"


def percent(value: float, signed: bool = False) -> str:
    """A percentage with one decimal: ``12.3%``; ``+20.0%`` when ``signed``."""
    text = f"{value:+.1f}%" if signed else f"{value:.1f}%"
    return _no_negative_zero(text, signed)


def points(value: float) -> str:
    """A change in percentage points, always signed: ``-0.9pp``."""
    return _no_negative_zero(f"{value:+.1f}pp", signed=True)


def count(value: float) -> str:
    """A count: ``1,234``; a fractional count keeps what it needs."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return number(value)


def ratio(value: float) -> str:
    """A ratio such as P/E: ``-22.6x``."""
    return _no_negative_zero(f"{value:.1f}x")


def value(
    amount: float | None,
    unit: str | None,
    scale: str = "auto",
    *,
    signed: bool = False,
    metric: str | None = None,
) -> str:
    """Any value of the data contract, by its unit; :data:`MISSING` for ``None``. A
    ``metric`` that is a change (growth, a gain) is shown with its sign."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return MISSING
    signed = signed or is_change(metric)
    if unit in MONEY_UNITS:
        return money(amount, unit, scale)
    if unit == "%":
        return percent(amount, signed=signed)
    if unit == "pp":
        return points(amount)
    if unit == "count":
        return count(amount)
    if unit == "x":
        return ratio(amount)
    return f"{number(amount)} {unit}" if unit else number(amount)


def _no_negative_zero(text: str, signed: bool = False) -> str:
    # "-0.0%" after rounding a tiny negative: no digit but zero, so no minus sign.
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        return ("+" if signed else "") + text[1:]
    return text


# --- little charts ---------------------------------------------------------------------


def sparkline(values: Sequence[float | None], gap: str = GAP) -> str:
    """One character per value: ``▁`` (lowest) to ``█`` (highest), ``gap`` for ``None``.

    A missing value is never filled in: the gap mark stands where it is.
    """
    present = [v for v in values if v is not None]
    if not present:
        return gap * len(values)
    low, high = min(present), max(present)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(gap)
        elif span == 0:
            out.append(_BARS[3])
        else:
            out.append(_BARS[round((v - low) / span * (len(_BARS) - 1))])
    return "".join(out)


def bar(amount: float | None, maximum: float, width: int) -> str:
    """A horizontal bar of ``amount / maximum`` of ``width`` cells, in eighths.

    Any positive amount shows at least a sliver; zero, negative or missing shows nothing.
    """
    if amount is None or amount <= 0 or maximum <= 0 or width <= 0:
        return ""
    cells = min(amount / maximum, 1.0) * width
    full = int(cells)
    eighths = round((cells - full) * 8)
    if eighths == 8:
        full, eighths = full + 1, 0
    text = "█" * full + (_EIGHTHS[eighths] if eighths else "")
    return text or "▏"


# --- names and labels as a narrow table holds them ------------------------------------

_CORPORATE_SUFFIXES = (
    " Holdings Limited",
    " Corporation",
    ", Inc.",
    " Inc.",
    " inc.",
    " Entertainment",
    " Software",
)


def short_name(name: str) -> str:
    """A company's name as a table can hold it: ``Tianyi Cloud``, ``WEBTOON``, ``ePlus``."""
    if " (" in name and name.endswith(")"):
        name = name[: name.index(" (")]
    changed = True
    while changed:
        changed = False
        for suffix in _CORPORATE_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name, changed = name[: -len(suffix)], True
    return name


_ABBREVIATIONS = (
    ("Revenue ", "Rev. "),
    ("Gross margin ", "Margin "),
    ("Raised before the IPO", "Raised pre-IPO"),
)


def short_label(label: str) -> str:
    """A key figure's label for a narrow card: ``Rev. 2025Q3`` for ``Revenue 2025Q3``."""
    for long, short in _ABBREVIATIONS:
        if label.startswith(long):
            return short + label[len(long) :]
    return label


def period_run(first: str, last: str | None, *, short: bool = False) -> str:
    """``2022Q3``, ``2022Q3–2023Q4``; ``short``: ``2022Q3–23Q4``, ``FY2019–21``."""
    if not last or last == first:
        return first
    if not short:
        return f"{first}–{last}"
    return f"{first}–{last[4:]}" if last.startswith("FY") else f"{first}–{last[2:]}"


def around(text: str, needle: str, width: int) -> str:
    """``text`` on one line, started a little before ``needle`` if it would be cut off
    at ``width`` (a filter's match stays in view): ``…the words that match it…``."""
    flat = one_line(text)
    at = flat.casefold().find(needle.casefold()) if needle else -1
    if at < 0 or cell_width(flat[: at + len(needle)]) < width:
        return flat
    start = max(0, at - max(4, width // 4))
    return "…" + flat[start:]


LANGUAGES = {"en": "English", "de": "German", "zh": "Chinese"}


def language(code: str, translated_from: str | None = None) -> str:
    """``English``; ``English, machine-translated from Chinese``."""
    name = LANGUAGES.get(code, code)
    if translated_from:
        name += f", machine-translated from {LANGUAGES.get(translated_from, translated_from)}"
    return name


def published(day: object, approximate: bool) -> str:
    """``2022-06-23``; ``c. 2025-11-30 (date approximate)`` where the date is inferred."""
    text = day.isoformat() if hasattr(day, "isoformat") else str(day)
    return f"c. {text} (date approximate)" if approximate else text


def lines(first: int, last: int) -> str:
    """``line 35`` or ``lines 35-37`` of a document."""
    return f"line {first}" if first == last else f"lines {first}-{last}"


def period_list(periods: Sequence[str], most: int = 2) -> str:
    """``2025Q3``, ``2022Q1, 2025Q3``, ``2022Q1, 2025Q3 and 2 more``."""
    shown = ", ".join(periods[:most])
    more = len(periods) - most
    return shown + (f" and {more} more" if more > 0 else "")
