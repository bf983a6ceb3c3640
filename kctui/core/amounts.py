"""Parse stated amounts ("21.7 One hundred million yuan", "RMB7.79B", "1,97 Milliarden
Yuan") into base-unit values, with the interval their rounding allows.

Pure Python, no third-party imports: the build and the tests both use it.

Every parsed amount also carries its rounding interval: "RMB7.79B" means anything in
[7.785B, 7.795B]. Two statements agree when their intervals overlap, which is how the
``conflicts`` view tells a real disagreement (6.8% vs 6.5%) from rounding (7.79B vs
7.785B).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "APPROX_TOLERANCE",
    "READING_KEYS",
    "UNITS",
    "Amount",
    "ParseError",
    "interval",
    "parse_amount",
    "parse_reading",
]

UNITS = ("CNY", "USD", "HKD", "%", "pp", "count", "x")
CURRENCIES = ("CNY", "USD", "HKD")


class ParseError(ValueError):
    """A stated amount, reading or period that cannot be understood."""


@dataclass(frozen=True)
class Amount:
    """A parsed amount in base units, with the interval its rounding allows."""

    value: float
    unit: str | None  # None: a bare number (a count or a ratio, decided by the metric)
    lo: float
    hi: float


# A number: optional sign, digits with "," or "." separators. Which separator is the
# decimal point is decided in _to_decimal (German texts write "1,97").
_NUMBER = re.compile(r"(?P<sign>[-+−])?\s*(?P<num>\d[\d.,]*\d|\d)")
_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
_ORDINAL = re.compile(r"\b(?:" + "|".join(_ORDINALS) + r")\b", re.I)
_SIGN_BEFORE_CURRENCY = re.compile(r"[-−]\s*(?:US\$|HK\$|\$|RMB|¥)\s*$")

# Scale words, longest first: "100 million" must win over "million".
_SCALES: tuple[tuple[re.Pattern[str], Decimal], ...] = (
    (re.compile(r"one hundred million|100 million|亿", re.I), Decimal("1e8")),
    # "N Thousands of dollars" renders N 万美元 (seeds/README.md): 6666 -> US$66.66M.
    (re.compile(r"thousands of dollars", re.I), Decimal("1e4")),
    (re.compile(r"ten thousand|万", re.I), Decimal("1e4")),
    (re.compile(r"milliarde|billion|\bbn\b|\bmrd\b", re.I), Decimal("1e9")),
    (re.compile(r"million|\bmio\b", re.I), Decimal("1e6")),
    (re.compile(r"thousand|tausend", re.I), Decimal("1e3")),
)
_SUFFIX_SCALES = {"B": Decimal("1e9"), "M": Decimal("1e6"), "K": Decimal("1e3")}
_SUFFIX = re.compile(r"^([BMK])(?![A-Za-z])")

_UNITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"pp\b|percentage points?|prozentpunkt", re.I), "pp"),
    (re.compile(r"%|prozent|percent", re.I), "%"),
    (re.compile(r"HK\$|HKD|港元"), "HKD"),
    (re.compile(r"US\$|\$|dollar|USD|美元", re.I), "USD"),
    (re.compile(r"RMB|yuan|CNY|¥|元", re.I), "CNY"),
)

READING_KEYS = {
    "scale": "a scale the words do not say (scale=1e8: a 'Billion' that is 亿)",
    "unit": "a unit the words do not say (unit=CNY)",
    "sign": "the sign the sentence implies (sign=-: a fall)",
    "number": "the digits the source meant, where it printed a slip (number=65.77)",
    "bound": "a one-sided statement: bound=min ('more than'), bound=max ('less than')",
    "approx": "approx=below: 'nearly', 'close to' (at most the figure, within 10%)",
    "truncated": "truncated=yes: the digits were cut, not rounded (74 for 74.67)",
}
"""What a ``reading`` override may say, key by key (CURATION.md explains each)."""
_CHOICES = {
    "sign": ("-", "+"),
    "bound": ("min", "max"),
    "approx": ("below",),
    "truncated": ("yes",),
}


def parse_reading(reading: str) -> dict[str, str]:
    """Parse a reading override such as ``scale=1e8;unit=CNY;sign=-``."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in (reading or "").split(";"))):
        key, eq, val = part.partition("=")
        key, val = key.strip(), val.strip()
        if not eq or key not in READING_KEYS or not val:
            raise ParseError(f"bad reading {part!r} (keys: {', '.join(READING_KEYS)})")
        if key == "scale":
            try:
                if Decimal(val) <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                raise ParseError(f"bad scale {val!r} in reading") from None
        if key == "unit" and val not in UNITS:
            raise ParseError(f"unknown unit {val!r} in reading (use one of {', '.join(UNITS)})")
        if key in _CHOICES and val not in _CHOICES[key]:
            raise ParseError(f"bad {key} {val!r} in reading (use {' or '.join(_CHOICES[key])})")
        if key == "number" and not _NUMBER.fullmatch(val):
            raise ParseError(f"bad number {val!r} in reading (digits, as the source meant them)")
        out[key] = val
    return out


def _to_decimal(num: str) -> tuple[Decimal, int]:
    """Return the number and its count of decimal places."""
    if "," in num and "." not in num:
        # "1,234" or "12,345,678" is English thousands; "1,97" or "0,6" a German decimal.
        if re.fullmatch(r"\d{1,3}(,\d{3})+", num):
            num = num.replace(",", "")
        else:
            num = num.replace(",", ".")
    elif "," in num:
        num = num.replace(",", "")
    if num.count(".") > 1:
        # German thousands ("1.234.567") never appear with decimals in our sources.
        num = num.replace(".", "")
    places = len(num.split(".")[1]) if "." in num else 0
    return Decimal(num), places


def parse_amount(text: str, reading: str = "") -> Amount:
    """Parse a stated amount into base units.

    The first number in ``text`` is scaled by the scale word after it and takes the
    unit its words name; ``reading`` overrides what context says the words mean.

    >>> parse_amount("21.7 One hundred million yuan").value
    2170000000.0
    >>> parse_amount("+4.0pp").unit
    'pp'
    """
    override = parse_reading(reading)
    match = _NUMBER.search(text or "")
    if match is None:
        ordinal = _ORDINAL.search(text or "")
        if ordinal is None:
            raise ParseError(f"no number in {text!r}")
        # "ranks first", "In fifth place": a rank written as a word.
        rank = float(_ORDINALS.index(ordinal.group(0).lower()) + 1)
        return Amount(rank, override.get("unit"), rank, rank)
    number, places = _to_decimal(override.get("number") or match.group("num"))
    before, after = text[: match.start()], text[match.end() :]
    negative = match.group("sign") in ("-", "−") or bool(_SIGN_BEFORE_CURRENCY.search(before))

    scale = Decimal(1)
    suffix = _SUFFIX.match(after)
    if suffix:
        scale = _SUFFIX_SCALES[suffix.group(1)]
    else:
        for pattern, factor in _SCALES:
            if pattern.search(after):
                scale = factor
                break
    if "scale" in override:
        scale = Decimal(override["scale"])

    unit: str | None = None
    for pattern, code in _UNITS:
        if pattern.search(text):
            unit = code
            break
    if "unit" in override:
        unit = override["unit"]
    if unit in ("%", "pp") and "scale" not in override:
        scale = Decimal(1)  # "30.73%" has no scale word, whatever else the text says
    if override.get("sign") == "-":
        negative = not negative

    sign = Decimal(-1) if negative else Decimal(1)
    half = Decimal(5) * Decimal(10) ** (-(places + 1))
    value = sign * number * scale
    low, high = number - half, number + half  # magnitudes the rounding allows
    if override.get("truncated"):
        low, high = number, number + 2 * half  # 74 for 74.67: the cut digits only add
    low = max(low, Decimal(0)) if number >= 0 else low  # "-$0.00": a loss, never a gain
    ends = (sign * low * scale, sign * high * scale)
    result = float(value) if value or not negative else -0.0
    return Amount(result, unit, float(min(ends)), float(max(ends)))


APPROX_TOLERANCE = 0.10
"""An approximate statement ("about 40%") means anything within this relative distance."""


def interval(amount: Amount, qualifier: str, reading: str = "") -> tuple[float, float]:
    """The values a statement admits: its rounding, widened by what its words say.

    ``approx`` widens by :data:`APPROX_TOLERANCE` both ways (``approx=below``, for
    "nearly", only towards zero: at most the figure); ``bound`` opens one side
    (``bound=min``: the figure or more; ``bound=max``: the figure or less).
    """
    override = parse_reading(reading)
    lo, hi = amount.lo, amount.hi
    value = amount.value
    if qualifier == "approx":
        spread = abs(value) * APPROX_TOLERANCE
        if override.get("approx") == "below":  # at most the figure, in magnitude
            lo, hi = (min(lo, value - spread), hi) if value >= 0 else (lo, max(hi, value + spread))
            lo, hi = (max(lo, 0.0), min(hi, amount.hi)) if value >= 0 else (lo, hi)
        else:
            lo, hi = min(lo, value - spread), max(hi, value + spread)
    if qualifier == "bound":
        if override.get("bound") == "min":
            hi = math.inf
        else:
            lo = -math.inf
    return lo, hi
