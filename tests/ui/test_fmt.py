"""kctui.fmt: numbers for reading, text made safe, little charts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from kctui.core.text import one_line, pad, truncate, visible
from kctui.ui import fmt


@pytest.mark.parametrize(
    ("amount", "unit", "scale", "expected"),
    [
        (2.17e9, "CNY", "auto", "¥2.17B"),
        (3e8, "USD", "auto", "US$300M"),
        (1.82e6, "USD", "auto", "US$1.82M"),
        (344.48e6, "USD", "auto", "US$344.5M"),
        (7.785e9, "CNY", "auto", "¥7.785B"),
        (20.1e9, "CNY", "auto", "¥20.1B"),
        (2.17e9, "CNY", "M", "¥2,170M"),
        (2.17e9, "CNY", "亿", "¥21.7亿"),
        (3e8, "USD", "B", "US$0.3B"),
        (3e8, "USD", "亿", "US$3亿"),
        (20.1e9, "CNY", "M", "¥20,100M"),
        (250_000, "HKD", "auto", "HK$250K"),
        (-1.5e9, "CNY", "auto", "-¥1.5B"),
        (17, "USD", "auto", "US$17"),
        (4.17, "USD", "B", "US$4.17"),
        (-0.89, "USD", "auto", "-US$0.89"),
        (0.08, "CNY", "亿", "¥0.08"),
        (0, "USD", "auto", "US$0"),
    ],
)
def test_money(amount: float, unit: str, scale: str, expected: str) -> None:
    assert fmt.money(amount, unit, scale) == expected


def test_percentages_points_counts_ratios() -> None:
    assert fmt.percent(12.345) == "12.3%"
    assert fmt.percent(20, signed=True) == "+20.0%"
    assert fmt.percent(-12.3, signed=True) == "-12.3%"
    assert fmt.percent(-0.01) == "0.0%"  # no negative zero
    assert fmt.points(-0.94) == "-0.9pp"
    assert fmt.points(2.9) == "+2.9pp"
    assert fmt.points(-0.01) == "+0.0pp"
    assert fmt.count(1234) == "1,234"
    assert fmt.count(2.5) == "2.5"
    assert fmt.ratio(-22.6) == "-22.6x"


def test_value_dispatches_on_the_unit() -> None:
    assert fmt.value(None, "CNY") == fmt.MISSING
    assert fmt.value(math.nan, "%") == fmt.MISSING
    assert fmt.value(2.17e9, "CNY", "亿") == "¥21.7亿"
    assert fmt.value(20, "%", signed=True) == "+20.0%"
    assert fmt.value(-1.5, "pp") == "-1.5pp"
    assert fmt.value(243, "count") == "243"
    assert fmt.value(19.4, "x") == "19.4x"
    assert fmt.value(3, "widgets") == "3 widgets"


def test_scales_cycle() -> None:
    seen = ["auto"]
    for _ in range(4):
        seen.append(fmt.next_scale(seen[-1]))
    assert seen == ["auto", "B", "M", "亿", "auto"]
    assert fmt.next_scale("nonsense") == "auto"


@given(st.floats(min_value=1e5, max_value=1e13), st.sampled_from(["auto", "B", "M", "亿"]))
def test_scaled_money_reads_back_to_four_significant_digits(amount: float, scale: str) -> None:
    text = fmt.money(amount, "CNY", scale)
    assert text.startswith("¥")
    suffix = text[-1]
    factor = {"B": 1e9, "M": 1e6, "K": 1e3, "亿": 1e8}[suffix]
    number = float(text[1:-1].replace(",", ""))
    assert number * factor == pytest.approx(amount, rel=5e-4)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_percent_always_has_one_decimal(amount: float) -> None:
    text = fmt.percent(amount)
    assert text.endswith("%") and "." in text and len(text.split(".")[1]) == 2


def test_visible_makes_control_characters_harmless() -> None:
    text = "a\x1b[31mb\x07\tc\r\nd\x9b2J\u202eevil\x7f"
    shown = visible(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "a␛[31mb␇ c  d<U+009B>2J<U+202E>evil␡"
    assert visible("one\r\ntwo\rthree", newlines="keep") == "one\ntwo\nthree"
    assert one_line("  lots \n of\tspace ") == "lots of space"


@given(st.text())
def test_visible_never_leaves_a_control_character(text: str) -> None:
    shown = visible(text, newlines="keep")
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in shown)
    assert not any(0x7F <= ord(ch) < 0xA0 for ch in shown)


def test_truncate_counts_cells_and_says_so() -> None:
    assert truncate("short", 10) == "short"
    assert truncate("exactly10!", 10) == "exactly10!"
    assert truncate("a longer text", 8) == "a longe…"
    # CJK characters take two cells each.
    cut = truncate("光大证券研究abc", 7)
    assert cut == "光大证…" and cell_len(cut) == 7
    assert truncate("光大证券", 6) == "光大…"
    assert truncate("anything", 0) == ""
    assert cell_len(pad("光大", 6)) == 6


@given(st.text(), st.integers(min_value=1, max_value=40))
def test_truncate_fits(text: str, width: int) -> None:
    cut = truncate(text, width)
    assert cell_len(cut) <= width
    if cell_len(text) > width:
        assert cut.endswith("…")


def test_sparkline_keeps_gaps() -> None:
    assert fmt.sparkline([1, None, 3, 2, None]) == "▁·█▅·"
    assert fmt.sparkline([None, None]) == "··"
    assert fmt.sparkline([5, 5]) == "▄▄"
    assert fmt.sparkline([]) == ""


@given(st.lists(st.one_of(st.none(), st.floats(-1e12, 1e12))))
def test_sparkline_marks_every_missing_value_and_nothing_else(values: list[float | None]) -> None:
    line = fmt.sparkline(values)
    assert len(line) == len(values)
    for ch, v in zip(line, values, strict=True):
        assert (ch == fmt.GAP) == (v is None)


def test_bars() -> None:
    assert fmt.bar(10, 10, 8) == "████████"
    assert fmt.bar(5, 10, 8) == "████"
    assert fmt.bar(1, 10, 4) == "▍"
    assert fmt.bar(0.001, 10, 4) == "▏"  # any positive value shows
    assert fmt.bar(0, 10, 4) == ""
    assert fmt.bar(None, 10, 4) == ""
    assert fmt.bar(20, 10, 4) == "████"  # clipped at the maximum


@given(st.floats(0, 1e12), st.floats(1, 1e12), st.integers(1, 60))
def test_bar_never_overflows(amount: float, maximum: float, width: int) -> None:
    assert cell_len(fmt.bar(amount, maximum, width)) <= width


def test_short_names() -> None:
    assert fmt.short_name("Tianyi Cloud (China Telecom)") == "Tianyi Cloud"
    assert fmt.short_name("Kingsoft Cloud Holdings Limited") == "Kingsoft Cloud"
    assert fmt.short_name("WEBTOON Entertainment Inc.") == "WEBTOON"
    assert fmt.short_name("Marqeta, Inc.") == "Marqeta"
    assert fmt.short_name("Inc.") == "Inc."


def test_a_forced_scale_never_shows_only_zeros_after_the_point() -> None:
    # Xiaomi's 2012 round in billions mode: the size's own scale, not US$0.00182B.
    assert fmt.money(1_820_000, "USD", "B") == "US$1.82M"
    assert fmt.money(50_000_000, "USD", "B") == "US$0.05B"  # a hundredth of a billion holds
    assert fmt.money(9_061_000_000, "CNY", "M") == "¥9,061M"
    assert fmt.money(182_000_000, "CNY", "亿") == "¥1.82亿"
    assert fmt.money(1_000_000, "CNY", "亿") == "¥0.01亿"
    assert fmt.money(900_000, "CNY", "亿") == "¥900K"
    for scale in fmt.SCALES:
        assert "0.00" not in fmt.money(1_820_000, "USD", scale)


def test_changes_carry_their_sign_and_levels_do_not() -> None:
    assert fmt.value(267.0, "%", metric="revenue_yoy") == "+267.0%"
    assert fmt.value(-12.3, "%", metric="net_loss_yoy") == "-12.3%"
    assert fmt.value(20.0, "%", metric="revenue_yoy_guidance_high") == "+20.0%"
    assert fmt.value(53.7, "%", metric="first_day_gain") == "+53.7%"
    assert fmt.value(17.2, "%", metric="gross_margin") == "17.2%"
    assert fmt.value(6.8, "%", metric="market_share") == "6.8%"
    assert fmt.value(88.0, "%", metric="share_price_vs_ipo") == "88.0%"  # a level, in %
