"""Find and replace: literal, smart case, wrapping around."""

from __future__ import annotations

from kctui.core.console.find import find_all, next_match, replace_all


def test_smart_case() -> None:
    text = "select x from T; SELECT y FROM t"
    assert find_all(text, "select") == [(0, 6), (17, 23)]
    assert find_all(text, "SELECT") == [(17, 23)]
    assert find_all(text, "") == []
    assert find_all("aaaa", "aa") == [(0, 2), (2, 4)]


def test_next_and_previous_wrap_around() -> None:
    matches = [(0, 2), (10, 12), (20, 22)]
    assert next_match(matches, 0) == 0
    assert next_match(matches, 1) == 1
    assert next_match(matches, 21) == 0
    assert next_match(matches, 10, backwards=True) == 0
    assert next_match(matches, 0, backwards=True) == 2
    assert next_match([], 3) is None


def test_replace_all_counts() -> None:
    assert replace_all("a.b a.c", "a.", "kc.") == ("kc.b kc.c", 2)
    assert replace_all("abc", "z", "y") == ("abc", 0)
    assert replace_all("Straße STRASSE", "straße", "x")[1] >= 1
