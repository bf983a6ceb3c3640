"""Find and replace in the editor's text. Pure functions over strings, no Textual.

Matching is literal and, as in most editors' quick find, "smart case": a needle in
lower case matches any case, one with a capital letter matches exactly. Offsets are
character offsets into the text (the editor maps them to lines and columns).
"""

from __future__ import annotations

import bisect

Match = tuple[int, int]
"""(start, end) offsets of a match, end excluded."""


def case_sensitive(needle: str) -> bool:
    """Smart case: exact when the needle has a capital letter."""
    return needle != needle.lower()


def find_all(text: str, needle: str) -> list[Match]:
    """Every match of ``needle`` in ``text``, left to right, not overlapping."""
    if not needle:
        return []
    haystack, pattern = (text, needle) if case_sensitive(needle) else (text.lower(), needle.lower())
    if len(haystack) != len(text):  # lower() changed lengths (rare letters): match exactly
        haystack, pattern = text, needle
    out: list[Match] = []
    start = haystack.find(pattern)
    while start != -1:
        out.append((start, start + len(pattern)))
        start = haystack.find(pattern, start + len(pattern))
    return out


def next_match(matches: list[Match], offset: int, *, backwards: bool = False) -> int | None:
    """Index of the first match starting at or after ``offset`` (wrapping around), or
    with ``backwards`` the last one starting before it; ``None`` when there is none."""
    if not matches:
        return None
    starts = [m[0] for m in matches]
    if backwards:
        index = bisect.bisect_left(starts, offset) - 1
        return index % len(matches)
    index = bisect.bisect_left(starts, offset)
    return index % len(matches)


def replace_all(text: str, needle: str, replacement: str) -> tuple[str, int]:
    """``text`` with every match replaced, and how many there were."""
    matches = find_all(text, needle)
    if not matches:
        return text, 0
    parts, last = [], 0
    for start, end in matches:
        parts.append(text[last:start])
        parts.append(replacement)
        last = end
    parts.append(text[last:])
    return "".join(parts), len(matches)
