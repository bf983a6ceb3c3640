"""What a search typed means: words, periods and numbers, as :mod:`kctui.core.find` matches them.

``net loss 2021`` is three tokens, each of which a result must match somewhere (its
metric's label, its entity, its period, its value, its words as stated, its quote).
A number is also a value: ``74.67`` matches any statement whose interval (its rounding,
see :mod:`kctui.core.amounts`) overlaps what the digits typed allow, in any scale the
dashboard might show it in (``1.82`` finds US$1.82M and ¥1.82亿); ``1.5 billion``,
``15亿``, ``US$74.67``, ``6.8%`` say their scale, currency or unit. A few Chinese and
everyday words stand for the labels the data uses (``融资`` → financing, ``sales`` →
revenue).

Pure Python; the word rule is the one the index was built with (the ``search_words``
macro of schema.sql, which a test holds equal to :func:`words`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TOKENS = 8
"""Tokens a search uses at most (the rest of a long query is ignored)."""

STOPWORDS = frozenset(
    "the of for in and to at on by is was were with its it as from that this be an or "  # noqa: SIM905
    "are has have had than which who der die das und von im ist".split()
)
"""Words too common to say anything (neither indexed from a statement's text nor searched)."""

SYNONYMS: dict[str, str] = {
    # Chinese: what a reader of the Chinese sources would type.
    "融资": "financing",
    "净亏损": "net loss",
    "亏损": "loss",
    "营收": "revenue",
    "营业收入": "revenue",
    "收入": "revenue",
    "毛利率": "gross margin",
    "毛利": "gross profit",
    "市场份额": "market share",
    "市占率": "market share",
    "市值": "market value",
    "股价": "share price",
    "上市": "ipo",
    "金山云": "kingsoft cloud",
    "金山软件": "kingsoft corporation",
    "金山": "kingsoft",
    "阿里云": "alibaba",
    "腾讯云": "tencent",
    "华为云": "huawei",
    "小米": "xiaomi",
    "减值": "impairment",
    # English: the words the labels do not use.
    "sales": "revenue",
    "turnover": "revenue",
    "funding": "financing",
    "jinshan": "kingsoft",
    "aliyun": "alibaba",
}
"""Words typed → the words of the data's labels they stand for."""

SCALES: dict[str, float] = {
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "milliarden": 1e9,
    "milliarde": 1e9,
    "mrd": 1e9,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mio": 1e6,
    "millionen": 1e6,
    "thousand": 1e3,
    "k": 1e3,
    "亿": 1e8,
    "万": 1e4,
}
"""Scale words a typed number may carry."""

DEFAULT_SCALES = (1.0, 1e3, 1e4, 1e6, 1e8, 1e9)
"""A bare number may be written at any of these scales (as is, K, 万, M, 亿, B)."""

CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "¥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
}
"""Currency words and signs, by the unit they name."""

# As schema.sql's search_words: explicit ranges (Unicode classes are slow to compile in
# DuckDB's regular expressions, and the two rules must agree character for character).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
_WORDS = re.compile(rf"[0-9]+(?:[.,][0-9]+)*|[{_HAN}]|[{_LATIN}]+")
_PERIOD = r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|ttm\d{4}q[1-4]|fy\d{4}|fy\d{2}|\d{4}[qh][1-4]|[qh][1-4]|[1-4][qh]\d{2}"
_SCALE_WORDS = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
# A sign may stand apart from its number; a currency word must touch it ("usd 2021" is
# revenue in dollars for 2021, not US$2,021).
_CURRENCY_BEFORE = r"(?:us\$|hk\$|\$|¥)\s*|(?:rmb|cny|usd|hkd)"
_TOKENS = re.compile(
    rf"(?P<period>(?<![\w.])(?:{_PERIOD})(?!\w))"
    rf"|(?P<cur>{_CURRENCY_BEFORE})?(?P<num>[-+]?[0-9]+(?:[.,][0-9]+)*)\.?"
    rf"(?:\s*(?P<scale>%|pp|{_SCALE_WORDS})(?![a-z]))?"
    rf"|(?P<word>[{_HAN}]|[{_LATIN}]+|\$|¥)"
)


def words(text: str) -> list[str]:
    """The words the index holds for ``text`` (as schema.sql's ``search_words``, but in order
    and with repeats): lower-cased letter runs, numbers, single Han characters."""
    return _WORDS.findall(text.lower())


@dataclass(frozen=True)
class Interval:
    """Values a typed number allows: ``[lo, hi]`` in base units, in ``unit`` if it says one."""

    lo: float
    hi: float
    unit: str | None


@dataclass(frozen=True)
class Token:
    """One thing typed that a result must match."""

    text: str
    """As typed (or as a synonym gave it)."""
    words: tuple[str, ...]
    """Index terms it matches exactly (a number's digits, a period's names)."""
    prefix: bool
    """Whether it also matches terms it begins (``rev`` for revenue)."""
    values: tuple[Interval, ...] = ()
    """Values it matches, if it is a number."""


@dataclass(frozen=True)
class Query:
    """A parsed search: every token must match; ``units`` (if any) filters the results."""

    text: str
    tokens: tuple[Token, ...]
    units: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to search for."""
        return not self.tokens


def _number(text: str) -> tuple[float, int]:
    """``text``'s value and decimals: ``1,97`` is 1.97 (German), ``1,820`` is 1820."""
    body = text.lstrip("+-")
    if "," in body and "." not in body:
        parts = body.split(",")
        if len(parts) == 2 and len(parts[1]) != 3:
            body = body.replace(",", ".")
    body = body.replace(",", "")
    if body.count(".") > 1:  # 1.234.567 (German thousands)
        body = body.replace(".", "")
    decimals = len(body.split(".")[1]) if "." in body else 0
    value = float(body)
    return (-value if text.startswith("-") else value), decimals


def intervals(text: str, scale: str | None, currency: str | None) -> tuple[Interval, ...]:
    """What a typed number allows: its rounding (74.67 is 74.665-74.675), or any number it
    begins as typed (74.6 begins 74.67), at its scale or at any of :data:`DEFAULT_SCALES`.
    """
    value, decimals = _number(text)
    step = 10.0**-decimals
    size = abs(value)
    lo, hi = size - step / 2, size + step  # rounded to it, or typed so far
    if value < 0:
        lo, hi = -hi, -lo
    unit = CURRENCIES.get((currency or "").strip())
    if scale == "%":
        return (Interval(lo, hi, "%"),)
    if scale == "pp":
        return (Interval(lo, hi, "pp"),)
    factors = (SCALES[scale],) if scale in SCALES else DEFAULT_SCALES
    return tuple(Interval(lo * f, hi * f, unit) for f in factors)


def _period_words(text: str) -> tuple[str, ...]:
    if re.fullmatch(r"fy\d{2}", text):
        return (f"fy20{text[2:]}",)
    return (text,)


def parse(text: str) -> Query:
    """The tokens of ``text`` (see the module docstring)."""
    norm = unicodedata.normalize("NFKC", text).lower()
    for typed, meant in sorted(SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        if typed.isascii():
            norm = re.sub(rf"\b{re.escape(typed)}\b", f" {meant} ", norm)
        else:
            norm = norm.replace(typed, f" {meant} ")
    tokens: list[Token] = []
    units: list[str] = []
    for match in _TOKENS.finditer(norm):
        if match["period"]:
            tokens.append(Token(match["period"], _period_words(match["period"]), True))
        elif match["num"]:
            num = match["num"]
            digits = num.lstrip("+-")
            values = intervals(num, match["scale"], match["cur"])
            tokens.append(Token(match.group(0).strip(), (digits,), len(digits) > 1, values))
        elif match["word"]:
            word = match["word"]
            if word in CURRENCIES:
                units.append(CURRENCIES[word])
            elif word not in STOPWORDS:
                han = bool(re.fullmatch(f"[{_HAN}]", word))
                tokens.append(Token(word, (word,), len(word) > 1 and not han))
    # Only the last token may be a word still being typed; but a whole word matches
    # longer ones too (rev → revenue), so every token of two or more letters is a prefix.
    return Query(text, tuple(tokens[:MAX_TOKENS]), tuple(dict.fromkeys(units)))
