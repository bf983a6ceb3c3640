"""The names find matches first, held in memory: the vocabulary, and the words of every
series (an entity's metric) and period, with what each word counts there.

They are small however large the data (a few thousand series and a few hundred periods
at 1000x the curated data, against hundreds of thousands of statements), and they are
what nearly every keystroke needs, so they are read once from the find tables
(:mod:`kctui.build.find_index`) and matched here: a word typed is a run of the sorted
vocabulary (bisected), and its series and periods are dictionary look-ups. The
statements themselves are only ever searched in DuckDB (:mod:`kctui.core.find`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from kctui.core.find_query import Query

NIBBLE = 4
"""Bits per token in a packed set of weights (every weight is below 16)."""


class Series(NamedTuple):
    """An entity's metric, as a result line names it."""

    entity: str
    name: str
    metric: str
    label: str


class Source(NamedTuple):
    """What a result line says of a statement's document."""

    publisher: str
    published: date
    approximate: bool


@dataclass(frozen=True)
class Matched:
    """What one series or period matches of a query: the tokens (a bit each) and the
    weight of each (:data:`NIBBLE` bits each, token 0 lowest), and their sum."""

    mask: int
    packed: int
    score: int


def _packed(best: dict[int, int]) -> Matched:
    mask = packed = 0
    for token, weight in best.items():
        mask |= 1 << token
        packed |= weight << (NIBBLE * token)
    return Matched(mask, packed, sum(best.values()))


class NameIndex:
    """The vocabulary and the series and period names of one database."""

    def __init__(
        self,
        terms: list[str],
        series_terms: dict[int, list[tuple[int, int]]],
        period_terms: dict[int, list[tuple[int, int]]],
        series: dict[int, Series],
        periods: dict[int, str],
        sources: dict[str, Source],
    ) -> None:
        self.terms = terms
        """Every term, sorted: term ``terms[i]`` has id ``i + 1``."""
        self.series_terms = series_terms
        self.period_terms = period_terms
        self.series = series
        self.periods = periods
        self.sources = sources

    @classmethod
    def load(cls, cursor: Any) -> NameIndex:
        """Read the names from the find tables (a few thousand rows at 1000x the data)."""

        def postings(table: str, column: str) -> dict[int, list[tuple[int, int]]]:
            # A word may stand twice in a name (label and metric): its best place counts.
            best: dict[int, dict[int, int]] = {}
            for term_id, no, weight in cursor.execute(
                f"SELECT term_id, {column}, weight FROM {table}"
            ).fetchall():
                have = best.setdefault(term_id, {})
                if weight > have.get(no, 0):
                    have[no] = weight
            return {term_id: list(nos.items()) for term_id, nos in best.items()}

        terms = [
            t
            for (t,) in cursor.execute("SELECT term FROM search_terms ORDER BY term_id").fetchall()
        ]
        series = {
            no: Series(entity, name, metric, label)
            for no, entity, name, metric, label in cursor.execute(
                "SELECT series_no, entity, name, metric, label FROM search_series"
            ).fetchall()
        }
        periods = dict(cursor.execute("SELECT period_no, period FROM search_periods").fetchall())
        sources = {
            source_id: Source(publisher, published, bool(approximate))
            for source_id, publisher, published, approximate in cursor.execute(
                "SELECT source_id, publisher, published, approximate FROM sources"
            ).fetchall()
        }
        return cls(
            terms,
            postings("search_series_terms", "series_no"),
            postings("search_period_terms", "period_no"),
            series,
            periods,
            sources,
        )

    def span(self, word: str, prefix: bool) -> tuple[int, int, int]:
        """The term ids ``word`` matches, ``lo`` to ``hi`` (empty when ``hi < lo``), and the
        id of the term equal to it (0 if none)."""
        start = bisect_left(self.terms, word)
        exact = start + 1 if start < len(self.terms) and self.terms[start] == word else 0
        if not prefix:
            return (exact, exact, exact) if exact else (1, 0, 0)
        end = bisect_left(self.terms, word + "\U0010ffff", start)
        return start + 1, end, exact

    def matches(self, query: Query) -> tuple[dict[int, Matched], dict[int, Matched]]:
        """Per series and per period, what it matches of ``query`` (only those that match
        something)."""
        series: dict[int, dict[int, int]] = {}
        periods: dict[int, dict[int, int]] = {}
        for i, token in enumerate(query.tokens):
            for word in token.words:
                lo, hi, exact = self.span(word, token.prefix)
                for term_id in range(lo, hi + 1):
                    bonus = 1 if term_id == exact else 0
                    for table, best in (
                        (self.series_terms, series),
                        (self.period_terms, periods),
                    ):
                        for no, weight in table.get(term_id, ()):
                            have = best.setdefault(no, {})
                            if weight + bonus > have.get(i, 0):
                                have[i] = weight + bonus
        return (
            {no: _packed(best) for no, best in series.items()},
            {no: _packed(best) for no, best in periods.items()},
        )
