-- kctui's database: the tables `kctui build` fills from data/*.csv, and the views the
-- app, the CLI and notebooks read. Every table, view and column carries a COMMENT so
-- the SQL console's schema browser explains itself.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY,
    file VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    published DATE NOT NULL,
    language VARCHAR NOT NULL,
    url VARCHAR,
    note VARCHAR
);

CREATE TABLE excerpts (
    excerpt_id VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    text VARCHAR NOT NULL,
    topic VARCHAR NOT NULL
);

CREATE TABLE entities (
    entity VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    ticker VARCHAR,
    note VARCHAR
);

CREATE TABLE metrics (
    metric VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    description VARCHAR
);

CREATE TABLE facts (
    fact_id VARCHAR PRIMARY KEY,
    entity VARCHAR NOT NULL REFERENCES entities (entity),
    metric VARCHAR NOT NULL REFERENCES metrics (metric),
    period VARCHAR NOT NULL,
    period_kind VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    prev_year_period VARCHAR,
    prev_period VARCHAR,
    value DOUBLE NOT NULL,
    value_lo DOUBLE NOT NULL,
    value_hi DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    as_stated VARCHAR NOT NULL,
    reading VARCHAR,
    excerpt_id VARCHAR NOT NULL REFERENCES excerpts (excerpt_id),
    note VARCHAR
);

CREATE TABLE financing_rounds (
    round_id VARCHAR PRIMARY KEY,
    announced VARCHAR NOT NULL,
    announced_date DATE,
    round VARCHAR NOT NULL,
    amount DOUBLE,
    currency VARCHAR,
    investors VARCHAR,
    as_stated VARCHAR,
    reading VARCHAR,
    excerpt_id VARCHAR NOT NULL REFERENCES excerpts (excerpt_id),
    note VARCHAR
);

CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    period VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    entity VARCHAR NOT NULL REFERENCES entities (entity),
    event VARCHAR NOT NULL,
    excerpt_id VARCHAR NOT NULL REFERENCES excerpts (excerpt_id),
    note VARCHAR
);

CREATE TABLE derivation_rules (
    output_metric VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    input_a VARCHAR NOT NULL,
    input_b VARCHAR,
    unit VARCHAR NOT NULL
);

-- One statement per entity, metric, period and unit: a reported figure before an
-- approximate one, the most precise first. Derived figures are computed from these.
CREATE VIEW stated_best AS
SELECT *
FROM facts
WHERE qualifier IN ('reported', 'approx')
QUALIFY row_number() OVER (
    PARTITION BY entity, metric, period, unit
    ORDER BY qualifier = 'approx', value_hi - value_lo, fact_id
) = 1;

-- Derived figures are computed once, at build time: `kctui build` fills the table
-- derived_facts from this query and then drops it, so every reader (the dashboard,
-- conflicts, best_facts) pays nothing for them, however large the data.
CREATE TABLE derived_facts (
    fact_id VARCHAR PRIMARY KEY,
    entity VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    period_kind VARCHAR NOT NULL,
    period_start DATE,
    period_end DATE,
    value DOUBLE NOT NULL,
    value_lo DOUBLE NOT NULL,
    value_hi DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    formula VARCHAR NOT NULL,
    inputs VARCHAR[] NOT NULL
);

CREATE VIEW derived_facts_query AS
WITH growth AS (
    SELECT r.output_metric AS metric, cur.entity, cur.period, cur.period_kind,
           cur.period_start, cur.period_end, r.unit,
           (cur.value / prev.value - 1) * 100 AS value,
           (cur.value_lo / prev.value_hi - 1) * 100 AS value_lo,
           (cur.value_hi / prev.value_lo - 1) * 100 AS value_hi,
           printf('%s %s / %s %s - 1', r.input_a, cur.period, r.input_a, prev.period) AS formula,
           [cur.fact_id, prev.fact_id] AS inputs, cur.unit AS basis
    FROM derivation_rules r
    JOIN stated_best cur ON cur.metric = r.input_a
    JOIN stated_best prev
      ON prev.entity = cur.entity AND prev.metric = cur.metric AND prev.unit = cur.unit
     AND prev.period = CASE r.kind WHEN 'yoy' THEN cur.prev_year_period ELSE cur.prev_period END
    WHERE r.kind IN ('yoy', 'qoq') AND (r.kind = 'yoy' OR cur.period_kind = 'Q')
      AND prev.value_lo > 0 AND cur.value_lo > 0
      -- Dollar figures on the stock page are translations at each year's rate, so
      -- growth is derived in the reporting currency (or in counts) only.
      AND cur.unit NOT IN ('USD', 'HKD')
),
ratio AS (
    SELECT r.output_metric, a.entity, a.period, a.period_kind, a.period_start, a.period_end,
           r.unit,
           a.value / b.value * 100,
           a.value_lo / b.value_hi * 100,
           a.value_hi / b.value_lo * 100,
           printf('%s %s / %s %s', r.input_a, a.period, r.input_b, b.period),
           [a.fact_id, b.fact_id], a.unit
    FROM derivation_rules r
    JOIN stated_best a ON a.metric = r.input_a
    JOIN stated_best b
      ON b.entity = a.entity AND b.metric = r.input_b AND b.period = a.period AND b.unit = a.unit
    WHERE r.kind = 'ratio' AND b.value_lo > 0 AND a.value_lo >= 0
),
diff AS (
    SELECT r.output_metric, cur.entity, cur.period, cur.period_kind, cur.period_start,
           cur.period_end, r.unit,
           cur.value - prev.value,
           cur.value_lo - prev.value_hi,
           cur.value_hi - prev.value_lo,
           printf('%s %s - %s %s', r.input_a, cur.period, r.input_a, prev.period),
           [cur.fact_id, prev.fact_id], cur.unit
    FROM derivation_rules r
    JOIN stated_best cur ON cur.metric = r.input_a
    JOIN stated_best prev
      ON prev.entity = cur.entity AND prev.metric = cur.metric AND prev.unit = cur.unit
     AND prev.period = cur.prev_year_period
    WHERE r.kind = 'diff_yoy'
)
SELECT 'd:' || entity || ':' || metric || ':' || period || ':' || unit AS fact_id,
       entity, metric, period, period_kind, period_start, period_end,
       value, value_lo, value_hi, unit, formula, inputs
FROM (SELECT * FROM growth UNION ALL SELECT * FROM ratio UNION ALL SELECT * FROM diff)
-- One derived figure per key: from yuan inputs where both currencies could serve.
QUALIFY row_number() OVER (PARTITION BY entity, metric, period, unit
                           ORDER BY basis <> 'CNY', formula) = 1;

CREATE VIEW facts_all AS
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, qualifier, as_stated, excerpt_id, note,
       NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs
FROM facts
UNION ALL
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, 'derived', NULL, NULL,
       'derived: ' || formula, formula, inputs
FROM derived_facts;

-- The figure to show for each entity, metric, period and unit: a reported statement,
-- else an approximate one, else the derived one; estimates and guidance are never
-- shown as results.
CREATE VIEW best_facts AS
SELECT *
FROM facts_all
WHERE qualifier IN ('reported', 'approx', 'derived')
QUALIFY row_number() OVER (
    PARTITION BY entity, metric, period, unit
    ORDER BY CASE qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1 ELSE 2 END,
             value_hi - value_lo, fact_id
) = 1;

-- What the dashboard loads at launch, computed once at build time (like derived_facts):
-- every KC figure, the market shares, the largest competitors and peers, and whatever
-- the first excerpts quote, each with whether it is the one shown and whether its
-- sources disagree. `kctui build` fills it from the query DASHBOARD_FACTS in
-- kctui/queries.py, so a launch reads rows instead of planning a large query.
CREATE TABLE dashboard_facts (
    fact_id VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    period_kind VARCHAR NOT NULL,
    period_end DATE,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    as_stated VARCHAR,
    excerpt_id VARCHAR,
    formula VARCHAR,
    inputs VARCHAR[],
    best BOOLEAN NOT NULL,
    conflict BOOLEAN NOT NULL
);

CREATE VIEW quarterly_results AS
SELECT period,
       any_value(period_end) AS period_end,
       max(value) FILTER (metric = 'revenue' AND unit = 'CNY') AS revenue,
       max(value) FILTER (metric = 'revenue' AND unit = 'USD') AS revenue_usd,
       max(value) FILTER (metric = 'revenue_yoy') AS revenue_yoy,
       max(value) FILTER (metric = 'revenue_qoq') AS revenue_qoq,
       max(value) FILTER (metric = 'gross_profit' AND unit = 'CNY') AS gross_profit,
       max(value) FILTER (metric = 'gross_margin') AS gross_margin,
       max(value) FILTER (metric = 'adjusted_gross_margin') AS adjusted_gross_margin,
       max(value) FILTER (metric = 'net_loss' AND unit = 'CNY') AS net_loss,
       max(value) FILTER (metric = 'net_loss_yoy') AS net_loss_yoy,
       max(value) FILTER (metric = 'public_cloud_revenue' AND unit = 'CNY') AS public_cloud_revenue,
       max(value) FILTER (metric = 'public_cloud_revenue_yoy') AS public_cloud_revenue_yoy,
       max(value) FILTER (metric = 'industry_cloud_revenue' AND unit = 'CNY') AS industry_cloud_revenue,
       max(value) FILTER (metric = 'industry_cloud_revenue_yoy') AS industry_cloud_revenue_yoy,
       max(value) FILTER (metric = 'ai_revenue' AND unit = 'CNY') AS ai_revenue,
       max(value) FILTER (metric = 'ai_revenue_yoy') AS ai_revenue_yoy,
       max(value) FILTER (metric = 'ai_share_of_public_cloud') AS ai_share_of_public_cloud,
       count(*) AS figures
FROM best_facts
WHERE entity = 'KC' AND period_kind = 'Q'
GROUP BY period
ORDER BY period;

CREATE VIEW annual_results AS
SELECT period,
       any_value(period_end) AS period_end,
       max(value) FILTER (metric = 'revenue' AND unit = 'CNY') AS revenue,
       max(value) FILTER (metric = 'revenue' AND unit = 'USD') AS revenue_usd,
       max(value) FILTER (metric = 'revenue_yoy') AS revenue_yoy,
       max(value) FILTER (metric = 'gross_margin') AS gross_margin,
       max(value) FILTER (metric = 'net_loss' AND unit = 'CNY') AS net_loss,
       max(value) FILTER (metric = 'net_loss_yoy') AS net_loss_yoy,
       max(value) FILTER (metric = 'public_cloud_revenue' AND unit = 'CNY') AS public_cloud_revenue,
       max(value) FILTER (metric = 'industry_cloud_revenue' AND unit = 'CNY') AS industry_cloud_revenue,
       max(value) FILTER (metric = 'public_cloud_share_of_revenue') AS public_cloud_share_of_revenue,
       max(value) FILTER (metric = 'cloud_delivery_revenue' AND unit = 'CNY') AS cloud_delivery_revenue,
       max(value) FILTER (metric = 'idc_cost' AND unit = 'CNY') AS idc_cost,
       max(value) FILTER (metric = 'operating_cash_flow' AND unit = 'CNY') AS operating_cash_flow,
       max(value) FILTER (metric = 'rd_expense' AND unit = 'CNY') AS rd_expense,
       max(value) FILTER (metric = 'premium_customers') AS premium_customers,
       max(value) FILTER (metric = 'eps' AND unit = 'USD') AS eps_usd,
       count(*) AS figures
FROM best_facts
WHERE entity = 'KC' AND period_kind = 'FY' AND period >= 'FY2017'
GROUP BY period
ORDER BY period;

CREATE VIEW competitors AS
SELECT entity, name, kind, period, period_end,
       coalesce(revenue_cny, revenue_usd) AS revenue,
       CASE WHEN revenue_cny IS NOT NULL THEN 'CNY' WHEN revenue_usd IS NOT NULL THEN 'USD' END
           AS revenue_unit,
       revenue_growth, market_share, market_rank, market_cap, gross_margin, gross_margin_change,
       pe_ttm, roe_ttm, debt_to_assets
FROM (
    SELECT f.entity, e.name, e.kind, f.period,
           any_value(f.period_end) AS period_end,
           max(f.value) FILTER (f.metric IN ('revenue', 'revenue_ttm') AND f.unit = 'CNY') AS revenue_cny,
           max(f.value) FILTER (f.metric IN ('revenue', 'revenue_ttm') AND f.unit = 'USD') AS revenue_usd,
           max(f.value) FILTER (f.metric IN ('revenue_yoy', 'revenue_ttm_yoy')) AS revenue_growth,
           max(f.value) FILTER (f.metric = 'market_share') AS market_share,
           max(f.value) FILTER (f.metric = 'market_rank') AS market_rank,
           max(f.value) FILTER (f.metric = 'market_cap') AS market_cap,
           max(f.value) FILTER (f.metric = 'gross_margin') AS gross_margin,
           max(f.value) FILTER (f.metric IN ('gross_margin_change', 'gross_margin_yoy_change'))
               AS gross_margin_change,
           max(f.value) FILTER (f.metric = 'pe_ttm') AS pe_ttm,
           max(f.value) FILTER (f.metric = 'roe_ttm') AS roe_ttm,
           max(f.value) FILTER (f.metric = 'debt_to_assets') AS debt_to_assets
    FROM best_facts f
    JOIN entities e USING (entity)
    WHERE (e.kind IN ('competitor', 'peer') OR f.entity = 'KC')
      AND f.metric IN ('revenue', 'revenue_ttm', 'revenue_yoy', 'revenue_ttm_yoy', 'market_share',
                       'market_rank', 'market_cap', 'gross_margin', 'gross_margin_change',
                       'gross_margin_yoy_change', 'pe_ttm', 'roe_ttm', 'debt_to_assets')
      -- KC's own figures only where a competitor or peer has one for the same period.
      AND (f.entity <> 'KC' OR f.metric IN ('market_share', 'market_rank')
           OR f.period IN (SELECT c.period FROM facts c JOIN entities ce USING (entity)
                           WHERE ce.kind IN ('competitor', 'peer')))
    GROUP BY f.entity, e.name, e.kind, f.period
)
ORDER BY period, entity;

-- Two statements of one entity, metric, period and unit whose rounding intervals do
-- not overlap, or a stated figure its derived twin contradicts. "RMB7.79B" and
-- "7.785 billion" overlap at the coarser precision, so they are not listed.
CREATE VIEW conflicts AS
WITH s AS (
    SELECT * FROM facts_all WHERE qualifier IN ('reported', 'approx', 'derived')
)
SELECT a.entity, a.metric, a.period, a.unit,
       CASE WHEN b.qualifier = 'derived' THEN 'stated vs derived' ELSE 'stated vs stated' END
           AS kind,
       a.fact_id AS fact_a, a.value AS value_a, a.as_stated AS as_stated_a,
       a.excerpt_id AS excerpt_a,
       b.fact_id AS fact_b, b.value AS value_b, coalesce(b.as_stated, b.formula) AS as_stated_b,
       b.excerpt_id AS excerpt_b,
       b.value - a.value AS difference
FROM s a
JOIN s b
  ON a.entity = b.entity AND a.metric = b.metric AND a.period = b.period AND a.unit = b.unit
 AND a.qualifier <> 'derived' AND (b.qualifier = 'derived' OR a.fact_id < b.fact_id)
WHERE a.value_hi < b.value_lo OR b.value_hi < a.value_lo
ORDER BY a.entity, a.metric, a.period, a.fact_id, b.fact_id;

CREATE VIEW fact_sources AS
SELECT f.fact_id, f.entity, f.metric, m.label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated, f.note, x.excerpt_id, x.text AS excerpt, s.source_id, s.publisher,
       s.published, s.language
FROM facts f
JOIN metrics m USING (metric)
JOIN excerpts x USING (excerpt_id)
JOIN sources s USING (source_id);
