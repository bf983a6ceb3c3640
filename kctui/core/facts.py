"""The fact index: every loaded statement by id, key, excerpt, entity, period and section.

One pass over the statements builds dictionaries the panels look figures up in, so
assembling a panel stays linear however much data there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kctui.core.model import SHOWN_QUALIFIERS, FactKey, Figure, Quote, Selection, Statement, Subject


class FactIndex:
    """Every statement, by id and by key, and which keys sources disagree on."""

    def __init__(self, statements: Iterable[Statement]) -> None:
        self.by_id: dict[str, Statement] = {}
        self.by_key: dict[FactKey, list[Statement]] = {}
        self.by_excerpt: dict[str, list[Statement]] = {}
        # Keys by entity, and by entity and period: lookups stay linear on big data.
        self.keys_of: dict[str, dict[FactKey, None]] = {}
        self.keys_in: dict[tuple[str, str], dict[FactKey, None]] = {}
        self.keys_by_section: dict[str, dict[FactKey, None]] = {}
        disagreements: set[tuple[str, str, str]] = set()
        for s in statements:
            self.by_id[s.fact_id] = s
            self.by_key.setdefault(s.key, []).append(s)
            self.keys_of.setdefault(s.key.entity, {})[s.key] = None
            self.keys_in.setdefault((s.key.entity, s.key.period), {})[s.key] = None
            if s.excerpt_id:
                self.by_excerpt.setdefault(s.excerpt_id, []).append(s)
            if s.section:
                self.keys_by_section.setdefault(s.section, {})[s.key] = None
            if s.conflict:
                disagreements.add((s.key.entity, s.key.metric, s.key.period))
        self.conflicts = frozenset(disagreements)

    def figure(self, key: FactKey) -> Figure | None:
        """The figure shown for ``key`` (reported, approx or derived), or ``None``."""
        shown = [s for s in self.by_key.get(key, ()) if s.qualifier in SHOWN_QUALIFIERS]
        if not shown:
            return None
        best = next((s for s in shown if s.best), shown[0])
        # The statement shown first, then the other sources, derived last.
        ordered = sorted(shown, key=lambda s: (s is not best, s.qualifier == "derived", s.fact_id))
        return Figure(
            key=key,
            label=best.label,
            value=best.value,
            qualifier=best.qualifier,
            statements=tuple(ordered),
            conflict=(key.entity, key.metric, key.period) in self.conflicts,
        )

    def find(self, entity: str, metric: str, period: str, units: Sequence[str]) -> Figure | None:
        """The figure for the first of ``units`` that has one."""
        for unit in units:
            fig = self.figure(FactKey(entity, metric, period, unit))
            if fig is not None:
                return fig
        return None

    def figures_of(self, entity: str, period: str) -> list[Figure]:
        """Every figure shown for ``entity`` in ``period``, in metric order."""
        keys = sorted(self.keys_in.get((entity, period), ()), key=lambda k: (k.metric, k.unit))
        return [f for k in keys if (f := self.figure(k)) is not None]

    def quotes(self, figures: Iterable[Figure]) -> tuple[Quote, ...]:
        """The excerpts behind ``figures``, each once, with every figure's words to highlight.

        A derived figure is backed by the quotes of its inputs.
        """
        order: list[str] = []
        words: dict[str, list[str]] = {}

        def add(excerpt_id: str | None, as_stated: str | None) -> None:
            if not excerpt_id:
                return
            if excerpt_id not in words:
                order.append(excerpt_id)
                words[excerpt_id] = []
            if as_stated and as_stated not in words[excerpt_id]:
                words[excerpt_id].append(as_stated)

        for fig in figures:
            for s in fig.statements:
                if s.qualifier == "derived":
                    for input_id in s.inputs:
                        source = self.by_id.get(input_id)
                        if source is not None:
                            add(source.excerpt_id, source.as_stated)
                else:
                    add(s.excerpt_id, s.as_stated)
        return tuple(Quote(e, tuple(words[e])) for e in order)

    def selection(
        self, title: str, figures: Sequence[Figure], subject: Subject | None = None
    ) -> Selection:
        """A selection of ``figures``; its detail is ``subject`` (the first figure's key)."""
        if subject is None and figures:
            subject = figures[0].key
        return Selection(title, self.quotes(figures), tuple(figures), subject)
