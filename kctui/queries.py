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

TOTAL_RAISED_BEFORE_IPO = """
SELECT sum(amount) AS total, any_value(currency) AS currency, max(announced) AS last_round
FROM financing_rounds WHERE round <> 'IPO' AND amount IS NOT NULL
"""

QUARTERLY = "SELECT * FROM quarterly_results ORDER BY period"
ANNUAL = "SELECT * FROM annual_results ORDER BY period"

MARKET_SHARE = """
SELECT entity, name, period, market_share, market_rank
FROM competitors WHERE market_share IS NOT NULL OR market_rank IS NOT NULL
ORDER BY period, market_share DESC NULLS LAST
"""

SOURCES = "SELECT * FROM sources ORDER BY source_id"

EXCERPTS = """
SELECT x.excerpt_id, x.source_id, s.publisher, s.published, s.language, x.topic, x.text
FROM excerpts x JOIN sources s USING (source_id)
ORDER BY x.excerpt_id
"""

# Facts (stated and derived) behind one entity/metric/period, with their excerpts.
FACTS_FOR = """
SELECT f.fact_id, f.entity, f.metric, m.label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated, f.note, f.formula, f.inputs, x.text AS excerpt, s.source_id,
       s.publisher, s.published, s.language, f.excerpt_id
FROM facts_all f
JOIN metrics m USING (metric)
LEFT JOIN excerpts x USING (excerpt_id)
LEFT JOIN sources s USING (source_id)
WHERE f.entity = ? AND f.metric = ? AND f.period = ?
ORDER BY f.qualifier = 'derived', f.fact_id
"""

# One metric over time, for the detail view's chart.
SERIES = """
SELECT period, period_kind, period_end, value, unit, qualifier
FROM best_facts
WHERE entity = ? AND metric = ? AND unit = ? AND period_kind = ?
ORDER BY period_end
"""

CONFLICT_KEYS = "SELECT DISTINCT entity, metric, period FROM conflicts"

# --- dashboard and detail views -------------------------------------------------------

# Every statement the dashboard links to (stated and derived), whether it is the one
# best_facts shows for its entity, metric, period and unit, and whether sources disagree
# on its entity, metric and period. One statement on purpose: each of these views
# expands derived_facts, and planning it costs more than running it on this little data.
DASHBOARD_FACTS = """
SELECT f.fact_id, f.entity, f.metric, coalesce(m.label, f.metric) AS label, f.period,
       f.period_kind, f.period_end, f.value, f.unit, f.qualifier, f.as_stated, f.excerpt_id,
       f.formula, f.inputs,
       b.fact_id IS NOT NULL AS best,
       c.entity IS NOT NULL AS conflict
FROM facts_all f
LEFT JOIN metrics m ON m.metric = f.metric
LEFT JOIN best_facts b ON b.fact_id = f.fact_id
LEFT JOIN (SELECT DISTINCT entity, metric, period FROM conflicts) c
       ON c.entity = f.entity AND c.metric = f.metric AND c.period = f.period
ORDER BY f.entity, f.metric, f.period, f.fact_id
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
SELECT x.excerpt_id, x.text, x.topic, s.source_id, s.title, s.publisher, s.published,
       s.language, s.url
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
