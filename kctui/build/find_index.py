"""The find index: what ``kctui build`` writes so that finding a figure stays fast.

A search (:mod:`kctui.core.find`) matches typed words against three small vocabularies
and one large one: the words that name a *series* (an entity's metric: "Net loss",
"net loss", "Kingsoft Cloud Holdings Limited", "NASDAQ:KC"), the names of a *period*
(2021Q4: ``2021q4``, ``2021``, ``q4``, ``4q21``), and each statement's own words (its
as-stated amount, its quote, its publisher; a round's name and investors). The first two
are indexed once per series and per period, not once per statement: at 1000x the data
there are a few thousand series and a few hundred periods for 375,000 statements, and
most searches never touch the large table.

Terms are numbered in sorted order, so the terms a typed prefix matches are a run of
numbers, and each table of postings is stored sorted by term: DuckDB reads only the row
groups a search's terms fall in. Everything here is SQL over the tables already loaded;
the weights and stop words are :mod:`kctui.core.find`'s, which the search uses too.
"""

from __future__ import annotations

from typing import Any

from kctui.core.find import STOPWORDS, WEIGHTS

# Period names as a search matches them. A month or a day also answers to its month's name.
_PERIOD_NAMES = r"""
CASE
    WHEN regexp_matches(period, '^FY\d{4}$')
        THEN [lower(period), substr(period, 3, 4), 'fy']
    WHEN regexp_matches(period, '^\d{4}[QH][1-4]$')
        THEN [lower(period), left(period, 4), lower(substr(period, 5, 2)),
              right(period, 1) || lower(substr(period, 5, 1)) || substr(period, 3, 2)]
    WHEN regexp_matches(period, '^TTM\d{4}Q[1-4]$')
        THEN [lower(period), 'ttm', substr(period, 4, 4), lower(substr(period, 4)),
              lower(substr(period, 8, 2))]
    WHEN regexp_matches(period, '^\d{4}-\d{2}$')
        THEN [period, left(period, 4),
              lower(strftime(try_strptime(period || '-01', '%Y-%m-%d'), '%b')),
              lower(strftime(try_strptime(period || '-01', '%Y-%m-%d'), '%B'))]
    WHEN regexp_matches(period, '^\d{4}-\d{2}-\d{2}$')
        THEN [period, left(period, 7), left(period, 4),
              lower(strftime(try_strptime(period, '%Y-%m-%d'), '%b')),
              lower(strftime(try_strptime(period, '%Y-%m-%d'), '%B'))]
    ELSE [lower(period)]
END
"""

# The words of a statement's own text that are worth a posting: no numbers (a typed
# number is matched by value), no single letters, no stop words. (No regular expression
# here: compiling one with Unicode classes costs more than the curated data's build.)
_OWN_WORD = (
    "NOT (w[1] BETWEEN '0' AND '9') AND (length(w) > 1 OR unicode(w) >= 13312) "
    "AND NOT list_contains($stopwords, w)"
)

SERIES = """
INSERT INTO search_series
SELECT row_number() OVER (ORDER BY s.entity <> 'KC', s.entity, s.metric)::INTEGER,
       s.entity, s.metric, coalesce(m.label, 'Financing round'), e.name,
       len(string_split(coalesce(m.label, 'Financing round'), ' '))
FROM (
    SELECT entity, metric FROM facts
    UNION SELECT entity, metric FROM derived_facts
    UNION SELECT 'KC', 'financing_round' FROM financing_rounds
) s
JOIN entities e USING (entity)
LEFT JOIN metrics m USING (metric)
"""

PERIODS = """
INSERT INTO search_periods
SELECT row_number() OVER (ORDER BY period)::INTEGER, period
FROM (SELECT period FROM facts UNION SELECT period FROM derived_facts
      UNION SELECT announced FROM financing_rounds)
"""

ROWS = """
INSERT INTO search_rows
WITH st AS (
    SELECT 'stated' AS kind, fact_id AS id, entity, metric, period, period_end, period_kind, unit,
           value, qualifier, as_stated, excerpt_id,
           NULL::VARCHAR AS round, NULL::VARCHAR AS formula
    FROM facts
    UNION ALL
    SELECT 'derived', fact_id, entity, metric, period, period_end, period_kind, unit, value,
           'derived', NULL, NULL, NULL, formula
    FROM derived_facts
    UNION ALL
    SELECT 'round', round_id, 'KC', 'financing_round', announced, announced_date,
           CASE WHEN announced LIKE 'FY%' THEN 'FY' WHEN length(announced) = 7 THEN 'M' ELSE 'D' END,
           currency, amount, 'reported', as_stated, excerpt_id, round, NULL
    FROM financing_rounds
)
SELECT row_number() OVER (
           ORDER BY st.entity <> 'KC',
                    CASE st.qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1 WHEN 'bound' THEN 2
                                      WHEN 'derived' THEN 3 WHEN 'guidance' THEN 4 ELSE 5 END,
                    st.period_end DESC NULLS LAST,
                    CASE st.period_kind WHEN 'FY' THEN 0 WHEN 'Q' THEN 1 WHEN 'H' THEN 2
                                        WHEN 'TTM' THEN 3 ELSE 4 END,
                    st.entity, st.metric, st.unit, st.id)::INTEGER,
       st.kind, st.id, s.series_no, p.period_no, st.unit, st.value, st.qualifier, st.as_stated,
       st.excerpt_id, x.source_id, st.round, st.formula, s.label_words
FROM st
JOIN search_series s USING (entity, metric)
JOIN search_periods p USING (period)
LEFT JOIN excerpts x USING (excerpt_id)
"""

VALUES = """
INSERT INTO search_values
SELECT value, unit, row_no FROM search_rows WHERE value IS NOT NULL ORDER BY value, row_no
"""

# Every (side, number, term, weight): a term may stand in several places (the search
# takes the best). The
# macro search_words is called in two places only (every short text at once, then every
# excerpt once): each call site compiles its regular expression.
WORDS = f"""
CREATE TEMP TABLE search_staging AS
WITH texts AS (
    SELECT 's' AS side, series_no AS no, label AS text, $label AS weight, false AS own
    FROM search_series
    UNION ALL
    SELECT 's', series_no, replace(metric, '_', ' '), $metric, false FROM search_series
    UNION ALL
    SELECT 's', s.series_no, concat_ws(' ', e.name, replace(e.entity, '_', ' '), e.ticker),
           $entity, false
    FROM search_series s JOIN entities e USING (entity)
    UNION ALL
    SELECT 's', series_no, 'financing round rounds series funding raised investors', $metric, false
    FROM search_series WHERE metric = 'financing_round'
    UNION ALL
    SELECT 'r', row_no, as_stated, $as_stated, true FROM search_rows WHERE as_stated IS NOT NULL
    UNION ALL
    SELECT 'r', r.row_no, replace(x.topic, '_', ' ') || ' ' || s.publisher, $source, true
    FROM search_rows r JOIN excerpts x USING (excerpt_id) JOIN sources s ON s.source_id = x.source_id
    UNION ALL
    SELECT 'r', r.row_no, concat_ws(' ', f.round, f.investors), $round, false
    FROM search_rows r JOIN financing_rounds f ON r.kind = 'round' AND f.round_id = r.id
),
words AS (
    SELECT side, no, w, weight FROM (
        SELECT side, no, unnest(search_words(text)) AS w, weight, own FROM texts)
    WHERE NOT own OR ({_OWN_WORD})
    UNION ALL
    SELECT 'r', r.row_no, x.w, $quote
    FROM search_rows r
    JOIN (SELECT excerpt_id, w FROM (
              SELECT excerpt_id, unnest(search_words(text)) AS w FROM excerpts)
          WHERE {_OWN_WORD}) x USING (excerpt_id)
    UNION ALL
    SELECT 'r', row_no, lower(round), $round FROM search_rows WHERE kind = 'round'
    UNION ALL
    SELECT 'p', period_no, unnest({_PERIOD_NAMES}), $period FROM search_periods
)
SELECT side, no, w AS term, weight::TINYINT AS weight FROM words
"""

TERMS = """
INSERT INTO search_terms
SELECT row_number() OVER (ORDER BY term)::INTEGER, term FROM (SELECT DISTINCT term FROM search_staging)
"""

POSTINGS = {
    "search_series_terms": "s",
    "search_period_terms": "p",
    "search_row_terms": "r",
}

_POSTING = """
INSERT INTO {table}
SELECT t.term_id, w.no, w.weight
FROM search_staging w JOIN search_terms t USING (term)
WHERE w.side = '{side}'
ORDER BY t.term_id, w.no
"""


def fill(con: Any) -> None:
    """Fill the find tables from the loaded facts, derived facts, rounds and excerpts."""
    con.execute(SERIES)
    con.execute(PERIODS)
    con.execute(ROWS)
    con.execute(VALUES)
    weights: dict[str, object] = dict(WEIGHTS)
    params = {
        key: weights[key]
        for key in ("label", "metric", "entity", "period", "as_stated", "quote", "source", "round")
    }
    con.execute(WORDS, {**params, "stopwords": list(STOPWORDS)})
    con.execute(TERMS)
    for table, side in POSTINGS.items():
        con.execute(_POSTING.format(table=table, side=side))
    con.execute("DROP TABLE search_staging")
