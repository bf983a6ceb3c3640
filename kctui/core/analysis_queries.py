"""The SQL of the analyst's tools: a chart's series (every statement of a metric over
time), the series a comparison may add, and the coverage grid's counts.

Used by :mod:`kctui.core.series` and :mod:`kctui.core.coverage`; the rest of kctui's
named queries are in :mod:`kctui.core.queries`. Values reach them only as ``$n``
parameters, never by concatenation.
"""

from __future__ import annotations

# Every statement of one entity's metric in one unit over some period kinds, for the
# detail view's chart (kctui.core.series): with the figure shown per period (ranked as
# best_facts ranks, estimates and guidance after the rest so that a series of nothing
# else still has one) and whether the statement is one side of a conflict.
# $1 entity, $2 metric, $3 unit, $4 the period kinds.
SERIES_STATEMENTS = """
WITH s AS (
    SELECT * FROM facts_all
    WHERE entity = $1 AND metric = $2 AND unit = $3
      AND list_contains($4, period_kind)
)
SELECT s.fact_id, s.period, s.period_kind, s.period_start, s.period_end, s.value,
       s.qualifier,
       row_number() OVER (
           PARTITION BY s.period
           ORDER BY CASE s.qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1
                                     WHEN 'bound' THEN 2 WHEN 'derived' THEN 3 ELSE 4 END,
                    s.value_hi - s.value_lo, s.fact_id) = 1 AS best,
       EXISTS (SELECT 1 FROM conflicts c
               WHERE c.entity = s.entity AND c.metric = s.metric AND c.period = s.period
                 AND c.unit = s.unit AND s.fact_id IN (c.fact_a, c.fact_b)) AS disagrees
FROM s
ORDER BY s.period_end, s.period_start DESC, NOT best, s.fact_id
"""

# The names a chart's legend gives a series ($1 entity, $2 metric).
SERIES_NAMES = """
SELECT coalesce((SELECT name FROM entities WHERE entity = $1), $1) AS entity_name,
       coalesce((SELECT label FROM metrics WHERE metric = $2), $2) AS label
"""

# Series a comparison may add to a chart: the same unit over the chart's period kinds;
# the same metric of other entities first, then the entity's other metrics, those of a
# like size (typical values within ten times the chart's) before the rest; the longer
# series first within each. $1 entity, $2 metric, $3 unit, $4 period kinds, $5 how many of
# each (the same metric, other metrics) at most.
COMPARABLE_SERIES = """
WITH base AS (
    SELECT median(abs(value)) AS size FROM facts_all
    WHERE entity = $1 AND metric = $2 AND unit = $3 AND list_contains($4, period_kind)
),
candidates AS (
    SELECT f.entity, coalesce(e.name, f.entity) AS entity_name, f.metric,
           coalesce(m.label, f.metric) AS label, f.metric = $2 AS same_metric,
           count(DISTINCT f.period) AS periods, median(abs(f.value)) AS size,
           arg_min(f.period, f.period_end) AS first, arg_max(f.period, f.period_end) AS last
    FROM facts_all f
    LEFT JOIN entities e USING (entity)
    LEFT JOIN metrics m USING (metric)
    WHERE f.unit = $3 AND list_contains($4, f.period_kind)
      AND ((f.metric = $2 AND f.entity <> $1) OR (f.entity = $1 AND f.metric <> $2))
    GROUP BY f.entity, e.name, f.metric, m.label
)
SELECT c.entity, c.entity_name, c.metric, c.label, c.same_metric, c.periods, c.first, c.last,
       coalesce(abs(log10(greatest(c.size, 1e-9)) - log10(greatest(b.size, 1e-9))) <= 1, true)
           AS like_size
FROM candidates c, base b
QUALIFY row_number() OVER (
    PARTITION BY c.same_metric
    ORDER BY NOT like_size, c.periods DESC, c.entity_name, c.label) <= $5
ORDER BY NOT c.same_metric, NOT like_size, c.periods DESC, c.entity_name, c.label
"""

# An entity's record as a grid (kctui.core.coverage): per metric, unit and period of
# the given kinds, how many statements stand behind the figure (stated and derived),
# how many of them are derived, and whether any two disagree (the conflicts table).
# $1 entity, $2 the period kinds.
COVERAGE = """
WITH disputed AS (
    SELECT DISTINCT metric, period, unit FROM conflicts WHERE entity = $1
)
SELECT f.metric, coalesce(m.label, f.metric) AS label, f.unit, f.period, f.period_kind,
       min(f.period_start) AS period_start, max(f.period_end) AS period_end,
       count(*) AS statements,
       count(*) FILTER (f.qualifier = 'derived') AS derived,
       d.metric IS NOT NULL AS conflict
FROM facts_all f
LEFT JOIN metrics m USING (metric)
LEFT JOIN disputed d ON d.metric = f.metric AND d.period = f.period AND d.unit = f.unit
WHERE f.entity = $1 AND list_contains($2, f.period_kind)
GROUP BY f.metric, m.label, f.unit, f.period, f.period_kind, d.metric
ORDER BY f.metric, f.unit, period_end
"""

# How many of an entity's statements the coverage grid leaves out (of a day or a
# month: prices, market values, events). $1 entity, $2 the grid's period kinds.
COVERAGE_LEFT_OUT = """
SELECT count(*) AS n FROM facts_all WHERE entity = $1 AND NOT list_contains($2, period_kind)
"""
