"""Completion of table, column, function names and keywords for the console. No Textual.

:class:`Completer` ranks candidates for the word being typed using a little of its
context: after ``FROM``/``JOIN`` tables come first; elsewhere the columns of the
tables the statement names; after ``t.`` only the columns of ``t`` (an alias works
too); after ``kc.`` only the relations of that database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kctui.core.console.sqltext import quote_ident
from kctui.core.db import Database, Relation

# Keywords an analyst types all day rank above DuckDB's other ~500.
COMMON_KEYWORDS = (
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP BY",
    "ORDER BY",
    "HAVING",
    "LIMIT",
    "JOIN",
    "LEFT JOIN",
    "INNER JOIN",
    "ON",
    "USING",
    "AS",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS NULL",
    "IS NOT NULL",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "DISTINCT",
    "WITH",
    "UNION ALL",
    "DESC",
    "ASC",
    "NULLS LAST",
    "CREATE TABLE",
    "CREATE VIEW",
    "INSERT INTO",
    "VALUES",
    "DESCRIBE",
    "SUMMARIZE",
    "QUALIFY",
    "OVER",
    "PARTITION BY",
    "FILTER",
    "COPY",
    "COUNT",
)
_TABLE_CONTEXT = {"FROM", "JOIN", "INTO", "UPDATE", "TABLE", "DESCRIBE", "SUMMARIZE"}
_WORD = re.compile(r'"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|[,()]|\.')
_REL_REF = re.compile(
    r'\b(?:FROM|JOIN)\s+((?:"(?:[^"]|"")*"|[A-Za-z_][\w]*)(?:\.(?:"(?:[^"]|"")*"|[A-Za-z_]\w*))*)'
    r"(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?",
    re.I,
)


@dataclass(frozen=True)
class Candidate:
    """One completion: what the list shows and what accepting it inserts."""

    label: str
    insert: str
    kind: str
    """``table``, ``view``, ``column``, ``database``, ``function`` or ``keyword``."""
    detail: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """DuckDB's keywords (with the reserved ones) and function names."""

    keywords: tuple[str, ...]
    reserved: frozenset[str]
    functions: tuple[str, ...]


def vocabulary(db: Database) -> Vocabulary:
    """Keywords and function names of the running DuckDB."""
    kw = db.query("SELECT DISTINCT keyword_name, keyword_category FROM duckdb_keywords()").rows
    fn = db.query(
        "SELECT DISTINCT function_name FROM duckdb_functions() "
        "WHERE function_type IN ('scalar', 'aggregate', 'macro', 'table', 'table_macro', "
        "'window') AND NOT starts_with(function_name, '__') "
        "AND regexp_full_match(function_name, '[a-z_][a-z0-9_]*') ORDER BY 1"
    ).rows
    return Vocabulary(
        keywords=tuple(str(k).upper() for k, _ in kw),
        reserved=frozenset(str(k).upper() for k, cat in kw if cat == "reserved"),
        functions=tuple(str(f) for (f,) in fn),
    )


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name


def _match(name: str, prefix: str) -> int | None:
    """0 for a prefix match, 1 for a match at a word boundary (``_yoy``), else None."""
    low, p = name.lower(), prefix.lower()
    if low.startswith(p):
        return 0
    if p and ("_" + p) in low:
        return 1
    return None


class Completer:
    """Ranks completions over a catalog snapshot and DuckDB's vocabulary."""

    def __init__(self, relations: Sequence[Relation], vocab: Vocabulary | None = None) -> None:
        self.relations = list(relations)
        self.vocab = vocab or Vocabulary((), frozenset(), ())
        self._by_name: dict[str, list[Relation]] = {}
        for rel in self.relations:
            self._by_name.setdefault(rel.name.lower(), []).append(rel)
        common = set(COMMON_KEYWORDS)
        self._keywords = list(COMMON_KEYWORDS) + sorted(
            k for k in self.vocab.keywords if k not in common
        )

    def _quote(self, name: str) -> str:
        return quote_ident(name, self.vocab.reserved)

    def _relations_named(self, ref: str) -> list[Relation]:
        parts = [_unquote(p) for p in re.findall(r'"(?:[^"]|"")*"|[^.]+', ref)]
        if not parts:
            return []
        found = self._by_name.get(parts[-1].lower(), [])
        if len(parts) >= 2:
            found = [r for r in found if r.database.lower() == parts[0].lower()] or found
        return found

    def referenced(self, statement: str) -> tuple[list[Relation], dict[str, list[Relation]]]:
        """Relations the statement names after FROM/JOIN, and its aliases."""
        rels: list[Relation] = []
        aliases: dict[str, list[Relation]] = {}
        for m in _REL_REF.finditer(statement):
            found = self._relations_named(m.group(1))
            rels.extend(found)
            alias = m.group(2)
            if (
                alias
                and alias.upper() not in self.vocab.reserved
                and alias.upper()
                not in {
                    "WHERE",
                    "GROUP",
                    "ORDER",
                    "LIMIT",
                    "JOIN",
                    "ON",
                    "USING",
                    "LEFT",
                    "RIGHT",
                    "INNER",
                    "FULL",
                    "CROSS",
                    "NATURAL",
                    "HAVING",
                    "QUALIFY",
                    "WINDOW",
                    "UNION",
                }
            ):
                aliases[alias.lower()] = found
        return rels, aliases

    @staticmethod
    def _context(before: str) -> str:
        """``table`` after FROM/JOIN and friends (a list of them too), else ``expr``."""
        tokens = _WORD.findall(before)
        for token in reversed(tokens):
            upper = token.upper()
            if upper in _TABLE_CONTEXT:
                return "table"
            if token in {",", "."} or (token[0] == '"'):
                continue
            if upper in {
                "SELECT",
                "WHERE",
                "ON",
                "BY",
                "HAVING",
                "AND",
                "OR",
                "SET",
                "(",
                ")",
                "WHEN",
                "THEN",
                "ELSE",
                "USING",
                "AS",
            }:
                return "expr"
        return "expr"

    def complete(
        self, qualifier: str, prefix: str, before: str, statement: str, limit: int = 50
    ) -> list[Candidate]:
        """Candidates for ``prefix`` (qualified by ``qualifier``, maybe empty).

        ``before`` is the statement text before the word; ``statement`` the whole one.
        """
        scored: list[tuple[tuple[int, int, int, str], Candidate]] = []

        def offer(rank: int, name: str, cand: Candidate) -> None:
            how = _match(name, prefix)
            if how is not None:
                scored.append(((rank, how, len(name), name.lower()), cand))

        rels, aliases = self.referenced(statement)
        if qualifier:
            q = qualifier.lower()
            q_last = q.rsplit(".", 1)[-1]
            databases = {r.database.lower() for r in self.relations}
            if q in databases:
                for rel in self.relations:
                    if rel.database.lower() == q:
                        offer(0, rel.name, self._relation(rel))
            targets = aliases.get(q_last) or self._relations_named(qualifier)
            for rel in targets:
                for col in rel.columns:
                    offer(0, col.name, self._column(rel, col.name, col.type))
            return self._ranked(scored, limit)

        context = self._context(before)
        referenced = {(r.database, r.name) for r in rels}
        seen_cols: set[str] = set()
        if context == "table":
            for rel in self.relations:
                offer(0, rel.name, self._relation(rel))
            for db in sorted({r.database for r in self.relations}):
                offer(1, db, Candidate(db, self._quote(db), "database", "database"))
        else:
            for rel in self.relations:
                if (rel.database, rel.name) in referenced:
                    for col in rel.columns:
                        if col.name.lower() not in seen_cols:
                            seen_cols.add(col.name.lower())
                            offer(0, col.name, self._column(rel, col.name, col.type))
            for rel in self.relations:
                offer(2, rel.name, self._relation(rel))
            if not referenced:
                for rel in self.relations:
                    for col in rel.columns:
                        if col.name.lower() not in seen_cols:
                            seen_cols.add(col.name.lower())
                            offer(3, col.name, self._column(rel, col.name, col.type))
        for i, kw in enumerate(self._keywords):
            rank = 1 if i < len(COMMON_KEYWORDS) else 4
            insert = kw if prefix[:1].isupper() else kw.lower()
            offer(rank, kw, Candidate(kw, insert, "keyword", "keyword"))
        if context != "table" or prefix:
            for fn in self.vocab.functions:
                offer(3, fn, Candidate(fn, fn, "function", "function"))
        return self._ranked(scored, limit)

    @staticmethod
    def _ranked(
        scored: list[tuple[tuple[int, int, int, str], Candidate]], limit: int
    ) -> list[Candidate]:
        scored.sort(key=lambda item: item[0])
        out: list[Candidate] = []
        seen: set[tuple[str, str]] = set()
        for _, cand in scored:
            key = (cand.label.lower(), cand.kind)
            if key not in seen:
                seen.add(key)
                out.append(cand)
            if len(out) >= limit:
                break
        return out

    def _relation(self, rel: Relation) -> Candidate:
        return Candidate(rel.name, self._quote(rel.name), rel.kind, f"{rel.kind} · {rel.database}")

    def _column(self, rel: Relation, name: str, dtype: str) -> Candidate:
        return Candidate(name, self._quote(name), "column", f"{dtype} · {rel.name}")
