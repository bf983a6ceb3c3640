"""The SQL of a search (:mod:`kctui.core.find`), kept small: DuckDB plans a query every
time it runs one, and at the curated data's size planning is most of a search.

What the names of series and periods match is worked out in memory and passed in as
lists: ``s`` (each series' tokens and score) and ``pm`` (what each period adds to a
series that matches some tokens: the tokens a series names are its, a period counts
only for the others, and so does a statement's own text). So a score is a sum of a few
columns, never a per-token expression. Only the *shape* of a statement depends on the
query (how many typed words and numbers, whether a unit is asked for); every value is
a parameter.
"""

from __future__ import annotations

_LISTS = """
s AS (
    SELECT unnest($s_no::INTEGER[]) AS series_no, unnest($s_mask::BIGINT[]) AS mask,
           unnest($s_score::INTEGER[]) AS score
),
pm AS (
    SELECT unnest($pm_no::INTEGER[]) AS period_no, unnest($pm_smask::BIGINT[]) AS smask,
           unnest($pm_mask::BIGINT[]) AS mask, unnest($pm_score::INTEGER[]) AS score
)"""

COLUMNS = (
    "r.row_no, r.kind, r.id, r.series_no, r.period_no, r.value, r.unit, r.qualifier, "
    "r.as_stated, r.excerpt_id, r.source_id, r.round, r.formula, r.label_words"
)
"""The columns of a result row, in the order :func:`kctui.core.find._found` reads them
(then its score and whether its names alone match)."""

_UNITS = "list_contains($units::VARCHAR[], r.unit)"

_REQUIRED = """
req AS (
    SELECT row_no FROM hit WHERE ($required >> tok_no) & 1 = 1
    GROUP BY row_no HAVING bit_or(1::BIGINT << tok_no) = $required
),"""


def named_sql(*, periods_alone: bool, units: bool) -> str:
    """Step one: statements whose series and period names match every token.

    ``periods_alone``: some period matches every token by itself (``2021``), so the
    statements of series that match nothing come in too. Ranked on narrow columns; the
    winners' other columns are read afterwards.
    """
    unit = f" AND {_UNITS}" if units else ""
    alone = (
        f"""
    UNION ALL
    SELECT r.row_no, r.label_words, pm.score
    FROM search_rows r JOIN pm ON pm.period_no = r.period_no AND pm.smask = 0 AND pm.mask = $full
    ANTI JOIN s USING (series_no)
    WHERE true{unit}"""
        if periods_alone
        else ""
    )
    return f"""
WITH {_LISTS},
named AS (
    SELECT r.row_no, r.label_words, s.score + coalesce(pm.score, 0) AS score
    FROM search_rows r JOIN s USING (series_no)
    LEFT JOIN pm ON pm.period_no = r.period_no AND pm.smask = s.mask
    WHERE (s.mask | coalesce(pm.mask, 0)) = $full{unit}{alone}
)
SELECT {COLUMNS}, n.score, true
FROM (SELECT * FROM named ORDER BY score DESC, label_words, row_no LIMIT $limit) n
JOIN search_rows r USING (row_no)
ORDER BY n.score DESC, r.label_words, r.row_no
"""


def own_sql(words: int, values: int, *, units: bool, required: bool) -> str:
    """Step two, for ``words`` typed words (term ranges) and ``values`` value intervals:
    statements matched through their own words or value, with what their names add.

    Each range is a filter on a table sorted by it, so DuckDB reads only the row groups
    it falls in. ``required``: some tokens (``$required``, a bit each) match no name at
    all, so only statements whose own words match all of those can match: they are found
    first, and the rest is worked out for them alone (``net loss 2``: the statements
    worth 2 at some scale, not every statement that says "net").
    """
    hits = [
        f"SELECT row_no, $w{j}_tok AS tok_no, weight + (term_id = $w{j}_exact)::INTEGER AS w "
        f"FROM search_row_terms WHERE term_id BETWEEN $w{j}_lo AND $w{j}_hi"
        for j in range(words)
    ] + [
        f"SELECT row_no, $v{j}_tok AS tok_no, $value AS w FROM search_values "
        f"WHERE value BETWEEN $v{j}_lo AND $v{j}_hi AND ($v{j}_unit IS NULL OR unit = $v{j}_unit)"
        for j in range(values)
    ]
    unit = f" AND {_UNITS}" if units else ""
    return f"""
WITH {_LISTS},
hit AS ({" UNION ALL ".join(hits)}),{_REQUIRED if required else ""}
h AS (SELECT row_no, tok_no, max(w) AS w FROM hit{" SEMI JOIN req USING (row_no)" if required else ""} GROUP BY ALL),
c AS (
    SELECT h.row_no, any_value(r.label_words) AS label_words,
           any_value(coalesce(s.mask, 0) | coalesce(pm.mask, 0)) AS names,
           any_value(coalesce(s.score, 0) + coalesce(pm.score, 0)) AS names_score,
           bit_or(1::BIGINT << h.tok_no) AS own,
           sum(h.w) FILTER (((coalesce(s.mask, 0) | coalesce(pm.mask, 0)) >> h.tok_no) & 1 = 0)
               AS own_score
    FROM h JOIN search_rows r USING (row_no)
    LEFT JOIN s ON s.series_no = r.series_no
    LEFT JOIN pm ON pm.period_no = r.period_no AND pm.smask = coalesce(s.mask, 0)
    WHERE true{unit}
    GROUP BY h.row_no
),
best AS (
    SELECT row_no, label_words, names_score + coalesce(own_score, 0) AS score,
           names = $full AS named
    FROM c WHERE (names | own) = $full
    ORDER BY score DESC, NOT named, label_words, row_no LIMIT $limit
)
SELECT {COLUMNS}, b.score, b.named
FROM best b JOIN search_rows r USING (row_no)
ORDER BY b.score DESC, NOT b.named, r.label_words, r.row_no
"""
