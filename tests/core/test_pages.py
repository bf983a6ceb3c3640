"""Pages: a prefix while streaming, a bounded window of pages once the result is copied."""

from __future__ import annotations

from kctui.core.console.pages import Pages


def rows(first: int, n: int) -> list[tuple[int]]:
    return [(i,) for i in range(first, first + n)]


def test_streaming_keeps_the_prefix_up_to_the_cap() -> None:
    pages = Pages(columns=4, page=10, max_cells=100)
    assert pages.cap == 25
    pages.extend(rows(0, 20))
    assert pages.count == 20 and not pages.full and pages.row(19) == (19,)
    assert pages.row(20) is None and pages.wanted(0, 50) == []
    pages.extend(rows(20, 5))
    assert pages.full and pages.at_hand() == rows(0, 25)
    assert Pages(columns=1).cap == 200_000 and Pages(columns=10).cap == 100_000


def test_windowed_reads_only_the_pages_drawn_and_forgets_old_ones() -> None:
    pages = Pages(columns=1, page=10, max_cells=40)
    pages.window(10_000_000, rows(0, 10))
    assert pages.count == 10_000_000 and pages.row(3) == (3,)
    assert pages.row(9_999_999) is None
    assert pages.wanted(9_999_990, 9_999_999 + 50) == [999_999]
    assert pages.wanted(9_999_990, 9_999_999) == []  # already on its way
    pages.put(999_999, rows(9_999_990, 10))
    assert pages.row(9_999_999) == (9_999_999,)
    for page in (5, 6, 7, 8):
        pages.wanted(page * 10, page * 10)
        pages.put(page, rows(page * 10, 10))
    assert pages.max_pages == 4
    assert pages.row(3) is None  # page 0 was the least recently used
    assert pages.row(85) == (85,)
    assert pages.wanted(0, 0) == [0]
    pages.failed(0)
    assert pages.wanted(0, 0) == [0]


def test_at_hand_in_a_window_stops_at_the_first_gap() -> None:
    pages = Pages(columns=1, page=2)
    pages.window(6, rows(0, 2))
    pages.put(2, rows(4, 2))
    assert pages.at_hand() == rows(0, 2)
    pages.put(1, rows(2, 2))
    assert pages.at_hand() == rows(0, 6)
