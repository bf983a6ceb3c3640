"""The stated-amount and period parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kctui.core.amounts import ParseError, parse_amount, parse_reading
from kctui.core.periods import parse_period


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("21.7 One hundred million yuan", 2.17e9, "CNY"),
        ("US$74.67", 74.67, "USD"),
        ("HK$25.4 billion", 2.54e10, "HKD"),
        ("RMB7.79B", 7.79e9, "CNY"),
        ("$344.48M", 3.4448e8, "USD"),
        ("6666 Thousands of dollars", 6.666e7, "USD"),
        ("1,97 Milliarden Yuan", 1.97e9, "CNY"),
        ("525 Millionen Yuan", 5.25e8, "CNY"),
        ("30.73%", 30.73, "%"),
        ("+4.0pp", 4.0, "pp"),
        ("-8.5pp", -8.5, "pp"),
        ("4.0 percentage points", 4.0, "pp"),
        ("$-1.13", -1.13, "USD"),
        ("-$0.05", -0.05, "USD"),
        ("-22.6", -22.6, None),
        ("597", 597, None),
        ("51 RMB 100 million", 5.1e9, "CNY"),
        ("5000 Ten thousand dollar", 5e7, "USD"),
        ("3894.2 Ten thousand yuan", 3.8942e7, "CNY"),
        ("2.232 billion RMB", 2.232e9, "CNY"),
        ("0,6 Prozent", 0.6, "%"),
        ("0,08 Yuan", 0.08, "CNY"),
        ("rund 274 Millionen US-Dollar", 2.74e8, "USD"),
        ("1,234", 1234, None),
        ("In fifth place", 5, None),
    ],
)
def test_stated_amounts_parse_to_base_units(text: str, value: float, unit: str | None) -> None:
    amount = parse_amount(text)
    assert amount.value == pytest.approx(value, rel=1e-12)
    assert amount.unit == unit


def test_rounding_interval_follows_the_stated_precision() -> None:
    coarse, fine = parse_amount("RMB7.79B"), parse_amount("7.785 billion RMB")
    assert (coarse.lo, coarse.hi) == pytest.approx((7.785e9, 7.795e9))
    assert (fine.lo, fine.hi) == pytest.approx((7.7845e9, 7.7855e9))
    assert coarse.lo <= fine.hi and fine.lo <= coarse.hi  # agree at the coarser precision
    a, b = parse_amount("6.8%"), parse_amount("6.5%")
    assert a.lo > b.hi  # disagree


@pytest.mark.parametrize(
    ("text", "reading", "value", "unit"),
    [
        ("10.16 Billion dollars", "scale=1e8", 1.016e9, "USD"),  # 亿 rendered as "Billion"
        ("1999 Million", "scale=1e4;unit=CNY", 1.999e7, "CNY"),  # 万 rendered as "Million"
        ("12.3%", "sign=-", -12.3, "%"),  # "fell 12.3%"
        ("3 $", "scale=1e8", 3e8, "USD"),
    ],
)
def test_reading_overrides_what_context_says(
    text: str, reading: str, value: float, unit: str
) -> None:
    amount = parse_amount(text, reading)
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit


@pytest.mark.parametrize(
    "reading", ["scale", "scale=abc", "scale=-1", "unit=EUR", "sign=x", "foo=1"]
)
def test_bad_readings_are_refused(reading: str) -> None:
    with pytest.raises(ParseError):
        parse_reading(reading)


def test_text_without_a_number_is_refused() -> None:
    with pytest.raises(ParseError, match="no number"):
        parse_amount("a lot of money")


@pytest.mark.parametrize(
    ("text", "kind", "end", "prev_year", "prev"),
    [
        ("FY2021", "FY", "2021-12-31", "FY2020", "FY2020"),
        ("2021Q1", "Q", "2021-03-31", "2020Q1", "2020Q4"),
        ("2024Q4", "Q", "2024-12-31", "2023Q4", "2024Q3"),
        ("2017H1", "H", "2017-06-30", "2016H1", "2016H2"),
        ("2013-08", "M", "2013-08-31", None, None),
        ("2022-06-23", "D", "2022-06-23", None, None),
        ("TTM2025Q3", "TTM", "2025-09-30", "TTM2024Q3", None),
    ],
)
def test_periods(
    text: str, kind: str, end: str | None, prev_year: str | None, prev: str | None
) -> None:
    period = parse_period(text)
    assert period.kind == kind
    assert (period.end.isoformat() if period.end else None) == end
    assert period.prev_year == prev_year
    assert period.prev == prev


@pytest.mark.parametrize(
    "text", ["2021", "Q4 2021", "2021Q5", "2021-13", "2021-02-30", "fy2021", "", "TTM", "TTM2025Q5"]
)
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse_period(text)


@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
    )
)
def test_any_plain_number_round_trips(number) -> None:
    text = f"{number}%"
    amount = parse_amount(text)
    assert amount.value == pytest.approx(float(number), abs=1e-9)
    assert amount.lo <= amount.value <= amount.hi
