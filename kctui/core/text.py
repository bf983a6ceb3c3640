"""The one sanitiser and width rule for every text that comes from data or from a user.

Quotes, query results, identifiers, file names and error messages pass through
:func:`visible` before they reach a terminal, whoever draws them (the CLI's table and
error line, the console grid, the dashboard, the detail view, notifications, titles),
so a control character, a terminal escape sequence or a bidirectional override is
*shown*, never obeyed. :func:`cell_width` is the width rule every layout of kctui's own
uses (padding, truncation, alignment): CJK characters take two cells, combining marks
and zero-width characters none, an emoji sequence joined by ZWJ counts as its first
character, as Rich (which draws the app) counts it; a test holds the two together.

Pure Python (``unicodedata``), no rich: the CLI uses it without importing Textual.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Newlines = Literal["space", "keep", "mark"]

# Bidirectional embeddings, overrides and isolates reorder what follows them on
# screen (the "Trojan source" trick); the line and paragraph separators break lines in
# some terminals. All are shown as code points.
_SHOWN_AS_CODE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)
_ZWJ = "\u200d"
_VS16 = "\ufe0f"
_NEWLINE_MARK = "\u21b5"  # ↵
_TAB_MARK = "\u2192"  # →


def _escape(ch: str) -> str:
    """The visible form of one character that must not reach a terminal as itself."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _needs_escape(ch: str) -> bool:
    code = ord(ch)
    return (
        code < 0x20
        or 0x7F <= code < 0xA0  # DEL and the C1 controls (CSI is 0x9B)
        or ch in _SHOWN_AS_CODE
        or 0xD800 <= code < 0xE000  # a lone surrogate cannot even be encoded
    )


def visible(text: str, *, newlines: Newlines = "space") -> str:
    """``text`` with every character a terminal would obey made visible.

    C0 controls take their control picture (``␛``, ``␀``), DEL shows ``␡``; C1
    controls, bidirectional controls, line/paragraph separators and lone surrogates
    show as ``<U+009B>``-style code points. ``newlines`` says what a line break
    becomes: ``"space"`` (one line of text: a tab is a space too), ``"keep"`` (a
    quote shown as its source lays it out: ``\\r\\n`` and ``\\r`` become ``\\n``,
    a tab a space) or ``"mark"`` (a grid cell: ``↵`` and ``→``, so a value's breaks
    and tabs are seen and the row stays one line).
    """
    if text.isprintable():
        # Nearly every string: isprintable is False for any control, format or
        # separator character but the space.
        return text
    if newlines == "keep":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append({"space": " ", "keep": "\n", "mark": _NEWLINE_MARK}[newlines])
        elif ch == "\t":
            out.append(_TAB_MARK if newlines == "mark" else " ")
        elif ch == "\r" and newlines != "mark":
            out.append(" ")
        elif _needs_escape(ch):
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def visible_in_place(text: str) -> str:
    """``text`` with every character a terminal would obey replaced by one that shows it,
    one for one, so offsets into ``text`` still hold (a document shown with its quotes
    lit at their stored offsets): line breaks stay, a tab or carriage return is a space,
    a C0 control its control picture, anything else to hide ``\ufffd``."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch in "\t\r":
            out.append(" ")
        elif _needs_escape(ch):
            code = ord(ch)
            out.append(
                chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"
            )
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """``text`` on one line: controls visible, runs of whitespace as one space."""
    return " ".join(visible(text).split())


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Terminal cells one character takes: 0, 1 or 2."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.combining(ch) or (
        unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch != "\xad"
    ):
        return 0
    if 0x1160 <= code <= 0x11FF:  # Hangul medial vowels and final consonants join
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (see the module docstring for the rule)."""
    if text.isascii():
        if text.isprintable():
            return len(text)
        return sum(1 for ch in text if 0x20 <= ord(ch) < 0x7F)
    if _ZWJ not in text and _VS16 not in text:
        return sum(char_width(ch) for ch in text)
    total = 0
    last: str | None = None
    skip = False
    for ch in text:
        if skip:
            skip = False
            continue
        if ch == _ZWJ:
            skip = True  # the character joined on draws inside the one before it
        elif ch == _VS16:
            if last is not None and char_width(last) == 1 and ord(last) >= 0x2000:
                total += 1  # emoji presentation: a narrow symbol drawn wide
            last = None
        elif width := char_width(ch):
            last = ch
            total += width
    return total


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in ``…`` if anything was cut."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    if text.isascii():
        return text[: width - 1] + "…"
    out: list[str] = []
    used = 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells; ``right`` aligns right."""
    text = truncate(text, width)
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill
