"""Every named SQL query of kctui, in one place.

The dashboard's panels, the detail view and the console's example queries share
these. User input reaches them only as ``?`` parameters, never by concatenation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """A saved query offered in the console and the command palette."""

    name: str
    description: str
    sql: str


ROUNDS = """
SELECT round_id, announced, announced_date, round, amount, currency, investors,
       as_stated, excerpt_id, note,
       sum(amount) FILTER (round <> 'IPO') OVER (ORDER BY announced_date, round_id) AS cumulative
FROM financing_rounds
ORDER BY announced_date, round_id
"""


# Columns in SourceDoc's order.
SOURCES = """
SELECT source_id, title, publisher, published, approximate, language, machine_translated_from,
       url, note
FROM sources ORDER BY source_id
"""


EXCERPT_COUNT = "SELECT count(*) AS n FROM excerpts"

# The first ? excerpts by id, and every one behind a loaded figure or a financing round.
# Columns in ExcerptRow's order (so are EXCERPTS_SEARCH's).
EXCERPTS_BOUNDED = """
SELECT x.excerpt_id, x.source_id, x.topic, x.text, x.first_line, x.last_line
FROM excerpts x
WHERE x.excerpt_id IN (SELECT excerpt_id FROM excerpts ORDER BY excerpt_id LIMIT ?)
   OR x.excerpt_id IN (SELECT excerpt_id FROM dashboard_facts)
   OR x.excerpt_id IN (SELECT excerpt_id FROM financing_rounds)
ORDER BY x.excerpt_id
"""

# Excerpts (or their documents) containing some text, for the Sources filter at scale.
EXCERPTS_SEARCH = """
SELECT x.excerpt_id, x.source_id, x.topic, x.text, x.first_line, x.last_line
FROM excerpts x JOIN sources s USING (source_id)
WHERE concat_ws(' ', x.excerpt_id, x.topic, x.text) ILIKE ? ESCAPE '\\'
   OR concat_ws(' ', s.publisher, s.title, s.source_id) ILIKE ? ESCAPE '\\'
ORDER BY x.excerpt_id
LIMIT ?
"""

# Facts (stated and derived) behind one entity/metric/period, with their excerpts.
# In the order the figure became known: by publication, derived figures last.
FACTS_FOR = """
SELECT f.fact_id, f.entity, coalesce(e.name, f.entity) AS entity_name, f.metric, m.label,
       f.period, f.value, f.unit, f.qualifier, f.as_stated, f.note, f.caveat, f.formula,
       f.inputs, x.text AS excerpt, x.first_line, x.last_line, f.excerpt_id,
       s.source_id, s.title, s.publisher, s.published, s.approximate, s.language,
       s.machine_translated_from, s.url, s.note AS source_note
FROM facts_all f
JOIN metrics m USING (metric)
LEFT JOIN entities e USING (entity)
LEFT JOIN excerpts x USING (excerpt_id)
LEFT JOIN sources s USING (source_id)
WHERE f.entity = ? AND f.metric = ? AND f.period = ?
ORDER BY f.qualifier = 'derived', s.published, f.fact_id
"""

# One metric over time, for the detail view's chart.
SERIES = """
SELECT period, period_kind, period_end, value, unit, qualifier
FROM best_facts
WHERE entity = ? AND metric = ? AND unit = ? AND period_kind = ?
ORDER BY period_end
"""


# --- dashboard and detail views -------------------------------------------------------

# Every statement the dashboard links to (stated and derived), whether it is the one
# best_facts shows for its entity, metric, period and unit, and whether sources disagree
# on its entity, metric and period. One statement on purpose: each of these views
# expands derived_facts, and planning it costs more than running it on this little data.
EXCERPTS_LIMIT = 300
"""How many excerpts the Sources list loads (and a search shows) at most; the facts
stated in them are loaded too, so selecting one shows what it states."""

STATEMENTS_PER_FIGURE = 6
"""Statements per figure the dashboard loads (its detail view lists every one)."""

DASHBOARD_FACTS_LIMIT = 10
"""Entities per competitor section the dashboard loads (KC besides): the top ones by value."""

MARKET_SHARE_ENTITIES = ("ALIBABA_CLOUD", "TENCENT_CLOUD", "KC")
"""The entities of the competitors panel's market share section."""

PEER_NOTES = ("pe_ttm", "roe_ttm", "revenue_ttm", "revenue_ttm_yoy", "gross_margin")
"""The ratios the competitors panel's peers section lists."""


# Only the facts the panels can show: every KC fact; the market shares and ranks of the
# share section's entities; FY2021 revenue and growth of the top competitors by revenue;
# the market values and ratios of the top peers by market value. DuckDB picks the top
# entities (bounded rows however many competitors there are); the inputs of derived
# facts come along so their quotes can be shown.
# `kctui build` stores its rows in the table dashboard_facts (the app reads that, with
# DASHBOARD_FACTS_STORED): ranked once, at build time, not at every launch.
DASHBOARD_FACTS = """
WITH first_excerpts AS (
    SELECT excerpt_id FROM excerpts ORDER BY excerpt_id LIMIT $excerpts
),
-- The year the competitors' revenue is compared in: the latest one any states.
revenue_year AS (
    SELECT max(f.period) AS period
    FROM facts f JOIN entities e USING (entity)
    WHERE e.kind = 'competitor' AND f.metric = 'revenue' AND f.period_kind = 'FY'
),
-- The stock page's peer ratios speak of the trailing year and the latest reported quarter.
peer_periods AS (
    SELECT max(period) AS period FROM facts WHERE period_kind = 'Q' AND qualifier = 'reported'
    UNION ALL
    SELECT 'TTM' || max(period) FROM facts WHERE period_kind = 'Q' AND qualifier = 'reported'
),
quoted AS (
    SELECT DISTINCT entity, metric, period FROM facts
    WHERE excerpt_id IN (SELECT excerpt_id FROM first_excerpts)
),
cand AS (
    SELECT f.*, f.qualifier IN ('reported', 'approx', 'bound', 'derived') AS shown
    FROM facts_all f
    WHERE (
          f.entity = 'KC'
       OR (list_contains($share_entities, f.entity) AND f.metric IN ('market_share', 'market_rank'))
       OR (f.metric IN ('revenue', 'revenue_yoy') AND f.period = (SELECT period FROM revenue_year))
       OR f.metric = 'market_cap'
       OR (list_contains($peer_notes, f.metric) AND f.period IN (SELECT period FROM peer_periods))
       OR EXISTS (SELECT 1 FROM quoted q
                  WHERE q.entity = f.entity AND q.metric = f.metric AND q.period = f.period))
),
-- As best_facts and conflicts say, over the candidate keys only.
ranked AS (
    SELECT *,
           shown AND row_number() OVER (
               PARTITION BY entity, metric, period, unit
               ORDER BY NOT shown,
                        CASE qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1
                                       WHEN 'bound' THEN 2 ELSE 3 END,
                        value_hi - value_lo, fact_id) = 1 AS best,
           -- As the conflicts table says (it is filled before this runs).
           EXISTS (SELECT 1 FROM conflicts c WHERE c.entity = cand.entity
                   AND c.metric = cand.metric AND c.period = cand.period) AS conflict
    FROM cand
),
facts_here AS (
    SELECT * FROM ranked
),
top_competitors AS (
    SELECT s.entity
    FROM facts_here s JOIN entities e USING (entity)
    WHERE s.best AND e.kind = 'competitor' AND s.metric = 'revenue' AND s.period = (SELECT period FROM revenue_year)
      AND s.unit = 'CNY'
    QUALIFY row_number() OVER (ORDER BY s.value DESC, s.entity) <= $limit
),
peer_caps AS (
    SELECT s.entity, s.value
    FROM facts_here s
    WHERE s.best AND s.metric = 'market_cap' AND s.unit = 'USD'
    QUALIFY row_number() OVER (
        PARTITION BY s.entity ORDER BY s.period_end DESC NULLS LAST, s.period) = 1
),
top_peers AS (
    SELECT e.entity
    FROM entities e LEFT JOIN peer_caps c USING (entity)
    WHERE e.kind = 'peer'
      AND (c.value IS NOT NULL OR EXISTS (
          SELECT 1 FROM facts_here s
          WHERE s.shown AND s.entity = e.entity AND list_contains($peer_notes, s.metric)
            AND s.period IN (SELECT period FROM peer_periods)))
    QUALIFY row_number() OVER (ORDER BY c.value IS NULL, c.value DESC, e.entity) <= $limit
),
kept AS (
    SELECT f.*,
           -- The competitors panel's sections, decided here and nowhere else.
           CASE
               WHEN list_contains($share_entities, f.entity)
                    AND f.metric IN ('market_share', 'market_rank') THEN 'share'
               WHEN (f.entity IN (SELECT entity FROM top_competitors) OR f.entity = 'KC')
                    AND f.metric IN ('revenue', 'revenue_yoy') AND f.unit IN ('CNY', '%')
                    AND f.period = (SELECT period FROM revenue_year) THEN 'revenue'
               WHEN (f.entity IN (SELECT entity FROM top_peers) OR f.entity = 'KC')
                    AND (f.metric = 'market_cap' OR (list_contains($peer_notes, f.metric)
                                                    AND f.period IN (SELECT period FROM peer_periods)))
                    THEN 'peers'
           END AS section
    FROM facts_here f
    WHERE f.entity = 'KC'
       OR (list_contains($share_entities, f.entity) AND f.metric IN ('market_share', 'market_rank'))
       OR (f.entity IN (SELECT entity FROM top_competitors)
           AND f.metric IN ('revenue', 'revenue_yoy') AND f.period = (SELECT period FROM revenue_year))
       OR (f.entity IN (SELECT entity FROM top_peers)
           AND (f.metric = 'market_cap' OR (list_contains($peer_notes, f.metric)
                                           AND f.period IN (SELECT period FROM peer_periods))))
       OR EXISTS (SELECT 1 FROM quoted q
                  WHERE q.entity = f.entity AND q.metric = f.metric AND q.period = f.period)
    -- A few statements per figure: the one shown first, then the other sources.
    QUALIFY row_number() OVER (
        PARTITION BY f.entity, f.metric, f.period, f.unit
        ORDER BY NOT f.best, NOT f.shown, f.qualifier = 'derived', f.fact_id) <= $statements
),
-- The stated inputs of derived figures, for their quotes.
inputs AS (
    SELECT f.*, true AS shown,
           row_number() OVER (
               PARTITION BY entity, metric, period, unit
               ORDER BY qualifier = 'approx', value_hi - value_lo, fact_id) = 1 AS best,
           false AS conflict
    FROM facts f
    WHERE f.qualifier IN ('reported', 'approx')
      AND EXISTS (SELECT 1 FROM facts g
                  WHERE g.entity = f.entity AND g.metric = f.metric AND g.period = f.period
                    AND g.fact_id IN (SELECT unnest(inputs) FROM kept WHERE inputs IS NOT NULL))
),
wanted AS (
    SELECT fact_id, entity, metric, period, period_kind, period_end, value, unit, qualifier,
           as_stated, excerpt_id, formula, inputs, best, conflict, section, note, caveat
    FROM kept
    UNION ALL
    SELECT fact_id, entity, metric, period, period_kind, period_end, value, unit, qualifier,
           as_stated, excerpt_id, NULL, NULL, best, conflict, NULL, note,
           CASE WHEN corrected THEN 'the curator corrected the source''s digits (see note)' END
    FROM inputs
    WHERE fact_id NOT IN (SELECT fact_id FROM kept)
      AND fact_id IN (SELECT unnest(inputs) FROM kept WHERE inputs IS NOT NULL)
)
SELECT f.fact_id, f.entity, f.metric, coalesce(m.label, f.metric) AS label, f.period,
       f.period_kind, f.period_end, f.value, f.unit, f.qualifier, f.as_stated, f.excerpt_id,
       f.formula, f.inputs, f.best, f.conflict, f.section, f.note, f.caveat
FROM wanted f
LEFT JOIN metrics m ON m.metric = f.metric
ORDER BY f.entity, f.metric, f.period, f.fact_id
"""
DASHBOARD_PARAMS: dict[str, object] = {
    "limit": DASHBOARD_FACTS_LIMIT,
    "share_entities": list(MARKET_SHARE_ENTITIES),
    "peer_notes": list(PEER_NOTES),
    "excerpts": EXCERPTS_LIMIT,
    "statements": STATEMENTS_PER_FIGURE,
}
"""DASHBOARD_FACTS's named parameters."""


# Columns in the order load_dashboard builds a Statement from them.
DASHBOARD_FACTS_STORED = """
SELECT fact_id, entity, metric, period, unit, label, period_kind, period_end, value,
       qualifier, as_stated, excerpt_id, formula, inputs, best, conflict, section, note, caveat
FROM dashboard_facts
ORDER BY entity, metric, period, fact_id
"""


ENTITIES = "SELECT entity, name, kind, ticker FROM entities ORDER BY entity"

# Statements by id (a derived figure's inputs), with their labels and quotes.
FACTS_BY_ID = """
SELECT f.fact_id, f.entity, f.metric, m.label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated, f.excerpt_id
FROM facts_all f JOIN metrics m USING (metric)
WHERE list_contains(?, f.fact_id)
ORDER BY f.fact_id
"""

# Whether (and how) sources disagree on one entity, metric and period.
CONFLICTS_FOR = """
SELECT * FROM conflicts WHERE entity = ? AND metric = ? AND period = ?
"""

# One excerpt with its document.
EXCERPT = """
SELECT x.excerpt_id, x.text, x.topic, x.first_line, x.last_line, s.source_id, s.title,
       s.publisher, s.published, s.approximate, s.language, s.machine_translated_from, s.url,
       s.note AS source_note
FROM excerpts x JOIN sources s USING (source_id)
WHERE x.excerpt_id = ?
"""

# Everything one excerpt states: facts, then financing rounds.
FACTS_IN_EXCERPT = """
SELECT f.fact_id, f.entity, f.metric, m.label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated
FROM facts f JOIN metrics m USING (metric)
WHERE f.excerpt_id = ?
UNION ALL
SELECT r.round_id, 'KC', 'financing_round', 'Financing round ' || r.round, r.announced,
       r.amount, r.currency, 'reported', r.as_stated
FROM financing_rounds r
WHERE r.excerpt_id = ?
ORDER BY 1
"""

EXAMPLES: tuple[Example, ...] = (
    Example(
        "Revenue by year",
        "KC's annual revenue, growth and margin",
        "SELECT period, revenue, revenue_yoy, gross_margin, net_loss\n"
        "FROM annual_results\nORDER BY period;",
    ),
    Example(
        "Quarterly results",
        "Every reported quarter, gaps left as gaps",
        "SELECT * FROM quarterly_results ORDER BY period;",
    ),
    Example(
        "Conflicts",
        "Where sources (or derived figures) disagree beyond rounding",
        "SELECT entity, metric, period, kind, as_stated_a, as_stated_b, difference\n"
        "FROM conflicts;",
    ),
    Example(
        "Financing rounds",
        "From Xiaomi's first cheque to the IPO",
        "SELECT announced, round, amount, currency, investors\n"
        "FROM financing_rounds\nORDER BY announced_date;",
    ),
    Example(
        "Derived growth",
        "Growth and margins computed from stated inputs",
        "SELECT fact_id, metric, period, round(value, 2) AS value, formula\n"
        "FROM derived_facts\nORDER BY metric, period;",
    ),
    Example(
        "Market share",
        "China public cloud IaaS shares over time",
        "SELECT period, name, market_share, market_rank\n"
        "FROM competitors\nWHERE market_share IS NOT NULL\nORDER BY period, market_share DESC;",
    ),
    Example(
        "Provenance of a figure",
        "Every statement of KC's FY2021 revenue, with its quote",
        "SELECT fact_id, as_stated, value, unit, publisher, excerpt\n"
        "FROM fact_sources\nWHERE entity = 'KC' AND metric = 'revenue' AND period = 'FY2021';",
    ),
    Example(
        "Facts per source",
        "How much each document contributes",
        "SELECT s.source_id, s.publisher, count(*) AS facts\n"
        "FROM facts f JOIN excerpts x USING (excerpt_id) JOIN sources s USING (source_id)\n"
        "GROUP BY ALL ORDER BY s.source_id;",
    ),
    Example(
        "Timeline",
        "Dated events of KC's history",
        "SELECT period, entity, event FROM events ORDER BY period_start;",
    ),
)

# One document: what is known of it and its text (the document view).
DOCUMENT = """
SELECT s.source_id, s.title, s.publisher, s.published, s.approximate, s.language,
       s.machine_translated_from, s.url, s.note AS source_note, s.sha256, d.text
FROM sources s JOIN documents d USING (source_id)
WHERE s.source_id = ?
"""

# Every quote of one document, in the order it reads, with the figures each states.
DOCUMENT_QUOTES = """
SELECT x.excerpt_id, x.start_offset, x.end_offset, x.first_line, x.last_line, x.topic,
       (SELECT list(w.as_stated ORDER BY w.id)
        FROM (SELECT fact_id AS id, as_stated, excerpt_id FROM facts
              UNION ALL
              SELECT round_id, as_stated, excerpt_id FROM financing_rounds) w
        WHERE w.excerpt_id = x.excerpt_id AND w.as_stated IS NOT NULL) AS stated
FROM excerpts x
WHERE x.source_id = ?
ORDER BY x.start_offset, x.excerpt_id
"""
