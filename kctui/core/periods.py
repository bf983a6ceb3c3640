"""Periods of the data contract: ``FY2021``, ``2021Q4``, ``2017H1``, ``2013-08``,
``2022-06-23`` and trailing twelve months ``TTM2025Q3``: what each spans, the one before,
and runs of them. Every period has a start and an end date: a trailing figure carries
the quarter it ends with, so two trailing figures compare only when they end together.

Pure Python: the build, the dashboard and the detail view share it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kctui.core.amounts import ParseError

__all__ = ["ParseError", "Period", "parse_period", "period_range", "with_gaps"]


@dataclass(frozen=True)
class Period:
    """A period text with its kind and the dates it spans."""

    text: str
    kind: str  # FY, Q, H, M, D, TTM
    start: date | None
    end: date | None

    @property
    def prev_year(self) -> str | None:
        """The same period a year earlier (FY2020 for FY2021, 2020Q4 for 2021Q4)."""
        if self.kind == "FY":
            return f"FY{int(self.text[2:]) - 1}"
        if self.kind in ("Q", "H"):
            return f"{int(self.text[:4]) - 1}{self.text[4:]}"
        if self.kind == "TTM":
            return f"TTM{int(self.text[3:7]) - 1}{self.text[7:]}"
        return None

    @property
    def prev(self) -> str | None:
        """The period just before (2021Q3 for 2021Q4; FY2020 for FY2021)."""
        if self.kind == "Q":
            year, q = int(self.text[:4]), int(self.text[5])
            return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
        if self.kind == "H":
            year, h = int(self.text[:4]), int(self.text[5])
            return f"{year - 1}H2" if h == 1 else f"{year}H1"
        return self.prev_year if self.kind == "FY" else None


_PERIOD_FORMS = (
    ("FY", re.compile(r"FY(\d{4})")),
    ("Q", re.compile(r"(\d{4})Q([1-4])")),
    ("H", re.compile(r"(\d{4})H([12])")),
    ("D", re.compile(r"(\d{4})-(\d{2})-(\d{2})")),
    ("M", re.compile(r"(\d{4})-(\d{2})")),
    ("TTM", re.compile(r"TTM(\d{4})Q([1-4])")),
)
EXPECTED = "FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23"


def _quarter_end(y: int, q: int) -> date:
    return date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])


def parse_period(text: str) -> Period:
    """Parse a period of the data contract: FY2021, 2021Q4, 2017H1, TTM2025Q3 (the twelve
    months to the end of 2025Q3), 2013-08, 2022-06-23."""
    if text == "TTM":
        raise ParseError("a trailing figure needs the quarter it ends with: TTM2025Q3, not TTM")
    for kind, pattern in _PERIOD_FORMS:
        m = pattern.fullmatch(text or "")
        if not m:
            continue
        try:
            if kind == "FY":
                y = int(m.group(1))
                return Period(text, kind, date(y, 1, 1), date(y, 12, 31))
            if kind == "Q":
                y, q = int(m.group(1)), int(m.group(2))
                return Period(text, kind, date(y, 3 * q - 2, 1), _quarter_end(y, q))
            if kind == "TTM":
                y, q = int(m.group(1)), int(m.group(2))
                start_y, start_q = (y, q + 1) if q < 4 else (y + 1, 1)
                return Period(text, kind, date(start_y - 1, 3 * start_q - 2, 1), _quarter_end(y, q))
            if kind == "H":
                y, h = int(m.group(1)), int(m.group(2))
                return Period(
                    text, kind, date(y, 6 * h - 5, 1), date(y, 6 * h, 30 if h == 1 else 31)
                )
            if kind == "D":
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                return Period(text, kind, d, d)
            if kind == "M":
                y, mo = int(m.group(1)), int(m.group(2))
                return Period(
                    text, kind, date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
                )
        except ValueError:
            raise ParseError(f"no such date in period {text!r}") from None
        return Period(text, kind, None, None)
    raise ParseError(f"bad period {text!r} (expected {EXPECTED})")


def period_range(first: str, last: str) -> list[str]:
    """Every period of ``first``'s kind from ``first`` to ``last`` (quarters, halves, years)."""
    kind = parse_period(first).kind
    if kind == "FY":
        return [f"FY{y}" for y in range(int(first[2:]), int(last[2:]) + 1)]
    per_year = {"Q": 4, "H": 2}.get(kind)
    if per_year is None:
        return [first] if first == last else [first, last]
    letter = kind
    start = int(first[:4]) * per_year + int(first[5]) - 1
    end = int(last[:4]) * per_year + int(last[5]) - 1
    return [f"{i // per_year}{letter}{i % per_year + 1}" for i in range(start, end + 1)]


def with_gaps(periods: Sequence[str], reported: Sequence[str]) -> list[tuple[str, str | None]]:
    """Reported periods in order, with each run of missing ones as ``(first, last)``.

    Returns ``(period, None)`` for a reported period and ``(first, last)`` for a gap.
    """
    have = set(reported)
    out: list[tuple[str, str | None]] = []
    run: list[str] = []
    for p in periods:
        if p in have:
            if run:
                out.append((run[0], run[-1]))
                run = []
            out.append((p, None))
        else:
            run.append(p)
    if run:
        out.append((run[0], run[-1]))
    return out
