"""The SQL of "as known on": what the dashboard loads on each earlier day, and the
session in which every curated name answers as of a day.

Statements and conflicts carry the span of days they were known (``facts_history``,
``conflicts_history``, filled by the build from schema.sql); the curated views filter
them by :func:`as_of_date()`, which reads the session variable ``kctui_as_of``. The
build also stores what the dashboard loads on every earlier day (``dashboard_history``,
from :data:`DASHBOARD_HISTORY`), so that a step back in time reads rows, as the launch
reads ``dashboard_facts``. And a session *as of* a day shadows the curated tables with
temporary views of what had been published by then (:data:`SHADOWS`): the named
queries the panels, the detail view and ``kctui sql`` run then answer as of that day
unchanged. No Textual import here.
"""

from __future__ import annotations

from kctui.core.model import SUBJECT_ENTITY
from kctui.core.queries import STATEMENTS_PER_FIGURE

AS_OF_VARIABLE = "kctui_as_of"
"""The DuckDB session variable the curated views answer as of (unset: today)."""

# The statements of every figure the dashboard may show on some day (what it loads
# today, every KC figure ever known, the inputs of their derived figures), evaluated on
# each span of days over which nothing about the figure changed: which statement is
# shown (as dashboard_facts ranks them), whether its sources disagree (conflicts_history),
# a few statements per figure. Which competitors and peers the Competitors panel
# compares stays as decided today (dashboard_facts.section): on an earlier day a member
# with nothing known yet has no row. Consecutive spans that load the same row make one.
DASHBOARD_HISTORY = f"""
WITH keys AS (
    SELECT entity, metric, period, unit, max(section) AS section
    FROM (SELECT entity, metric, period, unit, section FROM dashboard_facts
          UNION ALL
          SELECT entity, metric, period, unit, NULL FROM facts_history
          WHERE entity = '{SUBJECT_ENTITY}')
    GROUP BY ALL
),
input_keys AS (
    SELECT DISTINCT i.entity, i.metric, i.period, i.unit, NULL AS section
    FROM (SELECT DISTINCT unnest(d.inputs) AS fact_id
          FROM facts_history d SEMI JOIN keys USING (entity, metric, period, unit)
          WHERE d.qualifier = 'derived') u
    JOIN facts_history i USING (fact_id)
    ANTI JOIN keys k ON k.entity = i.entity AND k.metric = i.metric AND k.period = i.period
                    AND k.unit = i.unit
),
all_keys AS (SELECT * FROM keys UNION ALL SELECT * FROM input_keys),
statements AS (
    SELECT h.*, k.section, coalesce(h.known_until, DATE 'infinity') AS until,
           h.qualifier IN ('reported', 'approx', 'bound', 'derived') AS shown
    FROM facts_history h JOIN all_keys k USING (entity, metric, period, unit)
),
figure_conflicts AS (
    SELECT c.entity, c.metric, c.period, c.known_from,
           coalesce(c.known_until, DATE 'infinity') AS until
    FROM conflicts_history c
    SEMI JOIN all_keys k USING (entity, metric, period)
),
-- The days on which anything about a figure may change (a conflict flags every unit of
-- its entity, metric and period), and the spans between them.
spans AS (
    SELECT *, coalesce(lead(t) OVER w, DATE 'infinity') AS t_end, row_number() OVER w AS span
    FROM (SELECT entity, metric, period, known_from AS t FROM statements
          UNION SELECT entity, metric, period, until FROM statements
          UNION SELECT entity, metric, period, known_from FROM figure_conflicts
          UNION SELECT entity, metric, period, until FROM figure_conflicts)
    WHERE t < DATE 'infinity'
    WINDOW w AS (PARTITION BY entity, metric, period ORDER BY t)
),
known AS (
    SELECT p.t, p.t_end, p.span, s.*
    FROM spans p JOIN statements s USING (entity, metric, period)
    WHERE s.known_from <= p.t AND p.t < s.until
),
ranked AS (
    SELECT *,
           shown AND row_number() OVER (
               PARTITION BY entity, metric, period, unit, t
               ORDER BY NOT shown,
                        CASE qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1
                                       WHEN 'bound' THEN 2 ELSE 3 END,
                        value_hi - value_lo, fact_id) = 1 AS best,
           EXISTS (SELECT 1 FROM figure_conflicts c
                   WHERE c.entity = known.entity AND c.metric = known.metric
                     AND c.period = known.period AND c.known_from <= known.t
                     AND known.t < c.until) AS conflict
    FROM known
),
kept AS (
    SELECT *
    FROM ranked
    QUALIFY row_number() OVER (
        PARTITION BY entity, metric, period, unit, t
        ORDER BY NOT best, NOT shown, qualifier = 'derived', fact_id) <= {STATEMENTS_PER_FIGURE}
)
SELECT fact_id, entity, metric, label, period, period_kind, period_end, value, unit,
       qualifier, as_stated, excerpt_id, formula, inputs, best, conflict, section, note,
       caveat, min(t) AS known_from, nullif(max(t_end), DATE 'infinity') AS known_until
FROM (SELECT f.*, coalesce(m.label, f.metric) AS label,
             f.span - row_number() OVER (
                 PARTITION BY f.fact_id, f.best, f.conflict ORDER BY f.t) AS island
      FROM kept f LEFT JOIN metrics m USING (metric))
GROUP BY fact_id, entity, metric, label, period, period_kind, period_end, value, unit,
         qualifier, as_stated, excerpt_id, formula, inputs, best, conflict, section, note,
         caveat, island
"""

# The curated tables as known on the session's day: shadowed in an as-of session by
# temporary views of the same name and columns (a temporary view comes first in name
# resolution, inside the curated views too, which then filter rows they would have
# filtered anyway). The views need no shadow: they answer as of as_of_date() by themselves.
_PUBLISHED = "SELECT source_id FROM kc.main.sources WHERE published <= kc.main.as_of_date()"
_KNOWN_EXCERPTS = f"SELECT excerpt_id FROM kc.main.excerpts WHERE source_id IN ({_PUBLISHED})"
SHADOWS: dict[str, str] = {
    "sources": f"SELECT * FROM kc.main.sources WHERE source_id IN ({_PUBLISHED})",
    "documents": f"SELECT * FROM kc.main.documents WHERE source_id IN ({_PUBLISHED})",
    "excerpts": f"SELECT * FROM kc.main.excerpts WHERE source_id IN ({_PUBLISHED})",
    "facts": f"SELECT * FROM kc.main.facts WHERE excerpt_id IN ({_KNOWN_EXCERPTS})",
    "financing_rounds": (
        f"SELECT * FROM kc.main.financing_rounds WHERE excerpt_id IN ({_KNOWN_EXCERPTS})"
    ),
    "events": f"SELECT * FROM kc.main.events WHERE excerpt_id IN ({_KNOWN_EXCERPTS})",
    "dashboard_facts": (
        "SELECT * EXCLUDE (known_from, known_until) FROM kc.main.dashboard_history "
        "WHERE known_from <= kc.main.as_of_date() "
        "AND (known_until IS NULL OR kc.main.as_of_date() < known_until)"
    ),
}
"""Per curated table, the temporary view that stands for it in an as-of session."""

AS_OF_DATES = """
SELECT published, count(*) AS sources, bool_or(approximate) AS approximate,
       string_agg(source_id, ', ' ORDER BY source_id) AS source_ids
FROM sources
GROUP BY published
ORDER BY published
"""
"""The days "as known on" steps through: each source's publication date, how many
sources were published that day, whether any of those dates is approximate."""
