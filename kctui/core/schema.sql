-- kctui's database: the tables `kctui build` fills from data/*.csv, and the views the
-- app, the CLI and notebooks read. Every table, view and column carries a COMMENT so
-- the SQL console's schema browser explains itself.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
COMMENT ON TABLE meta IS 'Build information: schema version, hash of the curated data, kctui version';
COMMENT ON COLUMN meta.key IS 'Build setting: schema_version, data_hash, kctui_version or built_at';
COMMENT ON COLUMN meta.value IS 'The setting''s value, as text';

CREATE TABLE sources (
    source_id VARCHAR PRIMARY KEY,
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    published DATE NOT NULL,
    approximate BOOLEAN NOT NULL,
    language VARCHAR NOT NULL,
    machine_translated_from VARCHAR,
    url VARCHAR,
    note VARCHAR
);
COMMENT ON TABLE sources IS 'Source documents the curated figures are quoted from; their texts are in documents';
COMMENT ON COLUMN sources.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN sources.file IS 'File of the source text shipped in data/sources/';
COMMENT ON COLUMN sources.sha256 IS 'sha256 of that file (the build checks it)';
COMMENT ON COLUMN sources.title IS 'Title of the document';
COMMENT ON COLUMN sources.publisher IS 'Who published it';
COMMENT ON COLUMN sources.published IS 'Date the document speaks from (what "as known on" steps through)';
COMMENT ON COLUMN sources.approximate IS 'The date is inferred, not printed (late 2025; an aggregator''s re-post)';
COMMENT ON COLUMN sources.language IS 'Language of the text as shipped (en, de, zh)';
COMMENT ON COLUMN sources.machine_translated_from IS 'The language it was machine translated from (zh), if it was';
COMMENT ON COLUMN sources.url IS 'Where it was published, if known';
COMMENT ON COLUMN sources.note IS 'Curator''s note';

CREATE TABLE documents (
    source_id VARCHAR PRIMARY KEY REFERENCES sources (source_id),
    text VARCHAR NOT NULL
);
COMMENT ON TABLE documents IS 'The whole text of each source document, as shipped (excerpts point into it)';
COMMENT ON COLUMN documents.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN documents.text IS 'The document, exactly as its file holds it';

CREATE TABLE excerpts (
    excerpt_id VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL REFERENCES sources (source_id),
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    topic VARCHAR NOT NULL
);
COMMENT ON TABLE excerpts IS 'Verbatim quotes from the sources, each at its place in its document; every fact and round points to one';
COMMENT ON COLUMN excerpts.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN excerpts.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN excerpts.first_line IS 'First line of the document the quote spans (1-based)';
COMMENT ON COLUMN excerpts.last_line IS 'Last line of the document the quote spans';
COMMENT ON COLUMN excerpts.start_offset IS 'Character offset of the quote in documents.text';
COMMENT ON COLUMN excerpts.end_offset IS 'Character offset just after the quote';
COMMENT ON COLUMN excerpts.text IS 'The exact words of the source (consecutive lines of a table keep their line breaks)';
COMMENT ON COLUMN excerpts.topic IS 'What the excerpt is about';

CREATE TABLE entities (
    entity VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    ticker VARCHAR,
    note VARCHAR
);
COMMENT ON TABLE entities IS 'Companies, competitors, peers, investors, customers and indices';
COMMENT ON COLUMN entities.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN entities.name IS 'Full name';
COMMENT ON COLUMN entities.kind IS 'company, competitor, peer, index, investor, customer, shareholder, associate or acquisition';
COMMENT ON COLUMN entities.ticker IS 'Exchange ticker(s)';
COMMENT ON COLUMN entities.note IS 'Curator''s note';

CREATE TABLE metrics (
    metric VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    description VARCHAR
);
COMMENT ON TABLE metrics IS 'The metric vocabulary: label, unit family and meaning';
COMMENT ON COLUMN metrics.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN metrics.label IS 'Human label of the metric';
COMMENT ON COLUMN metrics.unit IS 'Unit family: money (any currency), %, pp, count or x';
COMMENT ON COLUMN metrics.description IS 'What the metric measures';

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
    note VARCHAR,
    corrected BOOLEAN NOT NULL
);
COMMENT ON TABLE facts IS 'One number a source states, normalised to base units, with its exact words';
COMMENT ON COLUMN facts.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN facts.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN facts.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN facts.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3 (twelve months to 2025Q3), 2013-08 or 2022-06-23';
COMMENT ON COLUMN facts.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN facts.period_start IS 'First day of the period';
COMMENT ON COLUMN facts.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN facts.prev_year_period IS 'The same period a year earlier';
COMMENT ON COLUMN facts.prev_period IS 'The period just before';
COMMENT ON COLUMN facts.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN facts.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN facts.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN facts.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN facts.qualifier IS 'reported, guidance, estimate, approx (about, nearly) or bound (more than, less than)';
COMMENT ON COLUMN facts.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN facts.reading IS 'Override of the words'' literal meaning (scale=1e8 for a ''Billion'' that is 亿…)';
COMMENT ON COLUMN facts.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN facts.note IS 'Curator''s note';
COMMENT ON COLUMN facts.corrected IS 'The curator corrected a slip in the source''s digits (reading number=…; the note says why)';

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
COMMENT ON TABLE financing_rounds IS 'KC''s financing events from Xiaomi''s first cheque to the 2020 IPO';
COMMENT ON COLUMN financing_rounds.round_id IS 'Round id (r01…)';
COMMENT ON COLUMN financing_rounds.announced IS 'When the round was announced (period text)';
COMMENT ON COLUMN financing_rounds.announced_date IS 'Last day of the announced period';
COMMENT ON COLUMN financing_rounds.round IS 'Round name (Seed, A, B, C, C+, D, D+, IPO…)';
COMMENT ON COLUMN financing_rounds.amount IS 'Amount raised in base units of the currency (NULL where no source states it)';
COMMENT ON COLUMN financing_rounds.currency IS 'Currency of the amount';
COMMENT ON COLUMN financing_rounds.investors IS 'Investors named by the source';
COMMENT ON COLUMN financing_rounds.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN financing_rounds.reading IS 'Override of the words'' literal meaning (scale=1e8 for a ''Billion'' that is 亿…)';
COMMENT ON COLUMN financing_rounds.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN financing_rounds.note IS 'Curator''s note';

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
COMMENT ON TABLE events IS 'Dated events in KC''s history that carry no number (founding, listings, launches…)';
COMMENT ON COLUMN events.event_id IS 'Event id (v001…)';
COMMENT ON COLUMN events.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN events.period_start IS 'First day of the period';
COMMENT ON COLUMN events.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN events.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN events.event IS 'What happened, in the curator''s words (the excerpt has the source''s)';
COMMENT ON COLUMN events.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN events.note IS 'Curator''s note';

CREATE TABLE derivation_rules (
    output_metric VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    input_a VARCHAR NOT NULL,
    input_b VARCHAR,
    unit VARCHAR NOT NULL
);
COMMENT ON TABLE derivation_rules IS 'How derived figures (growth, margins, shares) are computed';
COMMENT ON COLUMN derivation_rules.output_metric IS 'Metric the rule produces';
COMMENT ON COLUMN derivation_rules.kind IS 'yoy, qoq, ratio or diff_yoy';
COMMENT ON COLUMN derivation_rules.input_a IS 'Numerator, or the metric whose growth is taken';
COMMENT ON COLUMN derivation_rules.input_b IS 'Denominator of a ratio';
COMMENT ON COLUMN derivation_rules.unit IS 'Unit of the derived figure (% or pp)';

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
COMMENT ON VIEW stated_best IS 'The most precise reported (else approximate) statement per entity/metric/period/unit';
COMMENT ON COLUMN stated_best.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN stated_best.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN stated_best.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN stated_best.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN stated_best.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN stated_best.period_start IS 'First day of the period';
COMMENT ON COLUMN stated_best.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN stated_best.prev_year_period IS 'The same period a year earlier';
COMMENT ON COLUMN stated_best.prev_period IS 'The period just before';
COMMENT ON COLUMN stated_best.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN stated_best.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN stated_best.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN stated_best.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN stated_best.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN stated_best.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN stated_best.reading IS 'Override of the words'' literal meaning (scale=1e8 for a ''Billion'' that is 亿…)';
COMMENT ON COLUMN stated_best.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN stated_best.note IS 'Curator''s note';
COMMENT ON COLUMN stated_best.corrected IS 'The curator corrected a slip in the source''s digits (reading number=…; the note says why)';

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
    inputs VARCHAR[] NOT NULL,
    caveat VARCHAR
);
COMMENT ON TABLE derived_facts IS 'Growth rates, margins and shares computed wherever both inputs are stated';
COMMENT ON COLUMN derived_facts.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN derived_facts.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN derived_facts.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN derived_facts.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN derived_facts.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN derived_facts.period_start IS 'First day of the period';
COMMENT ON COLUMN derived_facts.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN derived_facts.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN derived_facts.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN derived_facts.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN derived_facts.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN derived_facts.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN derived_facts.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN derived_facts.caveat IS 'Why to read it with care: an input whose digits the curator corrected';

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
-- What one source's CNY and USD statements of the same figure imply: a rate it used,
-- never one kctui assumes (kctui converts nothing).
fx AS (
    SELECT r.output_metric, a.entity, a.period, a.period_kind, a.period_start, a.period_end,
           r.unit,
           a.value / b.value,
           a.value_lo / b.value_hi,
           a.value_hi / b.value_lo,
           printf('%s %s in CNY / in USD, both from %s', r.input_a, a.period, xa.source_id),
           [a.fact_id, b.fact_id], 'CNY'
    FROM derivation_rules r
    JOIN stated_best a ON a.metric = r.input_a AND a.unit = 'CNY'
    JOIN stated_best b
      ON b.entity = a.entity AND b.metric = a.metric AND b.period = a.period AND b.unit = 'USD'
    JOIN excerpts xa ON xa.excerpt_id = a.excerpt_id
    JOIN excerpts xb ON xb.excerpt_id = b.excerpt_id AND xb.source_id = xa.source_id
    WHERE r.kind = 'fx' AND b.value_lo > 0 AND a.value_lo > 0
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
       value, value_lo, value_hi, unit, formula, inputs,
       (SELECT 'built on ' || string_agg(f.fact_id, ', ' ORDER BY f.fact_id)
               || ', whose digits the curator corrected (a slip in the source)'
        FROM facts f WHERE f.corrected AND list_contains(d.inputs, f.fact_id)) AS caveat
FROM (SELECT * FROM growth UNION ALL SELECT * FROM ratio UNION ALL SELECT * FROM diff
      UNION ALL SELECT * FROM fx) d
-- One derived figure per key: from yuan inputs where both currencies could serve.
QUALIFY row_number() OVER (PARTITION BY entity, metric, period, unit
                           ORDER BY basis <> 'CNY', formula) = 1;

CREATE VIEW facts_all AS
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, qualifier, as_stated, excerpt_id, note,
       NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs,
       CASE WHEN corrected THEN 'the curator corrected the source''s digits (see note)' END
           AS caveat
FROM facts
UNION ALL
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, 'derived', NULL, NULL,
       'derived: ' || formula, formula, inputs, caveat
FROM derived_facts;
COMMENT ON VIEW facts_all IS 'Stated and derived figures together; derived rows carry their formula';
COMMENT ON COLUMN facts_all.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN facts_all.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN facts_all.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN facts_all.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN facts_all.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN facts_all.period_start IS 'First day of the period';
COMMENT ON COLUMN facts_all.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN facts_all.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN facts_all.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN facts_all.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN facts_all.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN facts_all.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN facts_all.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN facts_all.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN facts_all.note IS 'Curator''s note';
COMMENT ON COLUMN facts_all.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN facts_all.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN facts_all.caveat IS 'Why to read it with care: corrected digits, or a derivation built on them';

-- The figure to show for each entity, metric, period and unit: a reported statement,
-- else an approximate one, else a bound ("more than"), else the derived one; estimates
-- and guidance are never shown as results.
CREATE VIEW best_facts AS
SELECT *
FROM facts_all
WHERE qualifier IN ('reported', 'approx', 'bound', 'derived')
QUALIFY row_number() OVER (
    PARTITION BY entity, metric, period, unit
    ORDER BY CASE qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1 WHEN 'bound' THEN 2 ELSE 3 END,
             value_hi - value_lo, fact_id
) = 1;
COMMENT ON VIEW best_facts IS 'The figure to show per entity/metric/period/unit: reported, else approx, else a bound, else derived';
COMMENT ON COLUMN best_facts.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN best_facts.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN best_facts.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN best_facts.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN best_facts.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN best_facts.period_start IS 'First day of the period';
COMMENT ON COLUMN best_facts.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN best_facts.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN best_facts.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN best_facts.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN best_facts.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN best_facts.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN best_facts.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN best_facts.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN best_facts.note IS 'Curator''s note';
COMMENT ON COLUMN best_facts.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN best_facts.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN best_facts.caveat IS 'Why to read it with care: corrected digits, or a derivation built on them';

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
    conflict BOOLEAN NOT NULL,
    section VARCHAR,
    note VARCHAR,
    caveat VARCHAR
);
COMMENT ON TABLE dashboard_facts IS 'What the dashboard loads at launch, computed at build time: figures, with the one shown and conflicts flagged';
COMMENT ON COLUMN dashboard_facts.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN dashboard_facts.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN dashboard_facts.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN dashboard_facts.label IS 'Human label of the metric';
COMMENT ON COLUMN dashboard_facts.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN dashboard_facts.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN dashboard_facts.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN dashboard_facts.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN dashboard_facts.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN dashboard_facts.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN dashboard_facts.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN dashboard_facts.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN dashboard_facts.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN dashboard_facts.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN dashboard_facts.best IS 'Whether this statement is the figure shown for its entity/metric/period/unit';
COMMENT ON COLUMN dashboard_facts.note IS 'Curator''s note (for a derived figure, its formula)';
COMMENT ON COLUMN dashboard_facts.caveat IS 'Why to read it with care: corrected digits, or a derivation built on them';
COMMENT ON COLUMN dashboard_facts.section IS 'The competitors panel''s section the figure is compared in: share, revenue or peers (NULL: not in that panel)';
COMMENT ON COLUMN dashboard_facts.conflict IS 'Whether statements of this entity/metric/period disagree beyond rounding';

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
       max(value) FILTER (metric = 'net_loss' AND unit = 'USD') AS net_loss_usd,
       max(value) FILTER (metric = 'net_loss_yoy') AS net_loss_yoy,
       max(value) FILTER (metric = 'public_cloud_revenue' AND unit = 'CNY') AS public_cloud_revenue,
       max(value) FILTER (metric = 'public_cloud_revenue_yoy') AS public_cloud_revenue_yoy,
       max(value) FILTER (metric = 'industry_cloud_revenue' AND unit = 'CNY') AS industry_cloud_revenue,
       max(value) FILTER (metric = 'industry_cloud_revenue_yoy') AS industry_cloud_revenue_yoy,
       max(value) FILTER (metric = 'ai_revenue' AND unit = 'CNY') AS ai_revenue,
       max(value) FILTER (metric = 'ai_revenue_yoy') AS ai_revenue_yoy,
       max(value) FILTER (metric = 'ai_share_of_public_cloud') AS ai_share_of_public_cloud,
       max(value) FILTER (metric = 'eps' AND unit = 'USD') AS eps_usd,
       count(*) AS figures
FROM best_facts
WHERE entity = 'KC' AND period_kind = 'Q'
GROUP BY period
-- A period is a row of results when a result is stated for it (not only a market share).
HAVING count(*) FILTER (metric IN ('revenue', 'revenue_yoy', 'gross_margin',
    'adjusted_gross_margin', 'net_loss', 'public_cloud_revenue', 'industry_cloud_revenue',
    'ai_revenue', 'eps')) > 0
ORDER BY period;
COMMENT ON VIEW quarterly_results IS 'KC''s quarterly results, one row per reported quarter (gaps stay gaps)';
COMMENT ON COLUMN quarterly_results.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN quarterly_results.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN quarterly_results.revenue IS 'Revenue, CNY (revenue_usd holds what is stated in US dollars)';
COMMENT ON COLUMN quarterly_results.revenue_usd IS 'Revenue as stated in US dollars';
COMMENT ON COLUMN quarterly_results.revenue_yoy IS 'Revenue growth year on year, %';
COMMENT ON COLUMN quarterly_results.revenue_qoq IS 'Revenue growth quarter on quarter, %';
COMMENT ON COLUMN quarterly_results.gross_profit IS 'Gross profit, CNY';
COMMENT ON COLUMN quarterly_results.gross_margin IS 'Gross margin, %';
COMMENT ON COLUMN quarterly_results.adjusted_gross_margin IS 'Adjusted (non-GAAP) gross margin, %';
COMMENT ON COLUMN quarterly_results.net_loss IS 'Net loss, CNY (positive = a loss)';
COMMENT ON COLUMN quarterly_results.net_loss_usd IS 'Net loss as stated in US dollars (positive = a loss)';
COMMENT ON COLUMN quarterly_results.net_loss_yoy IS 'Change of the net loss year on year, %';
COMMENT ON COLUMN quarterly_results.public_cloud_revenue IS 'Public cloud revenue, CNY';
COMMENT ON COLUMN quarterly_results.public_cloud_revenue_yoy IS 'Public cloud revenue growth year on year, %';
COMMENT ON COLUMN quarterly_results.industry_cloud_revenue IS 'Industry (enterprise) cloud revenue, CNY';
COMMENT ON COLUMN quarterly_results.industry_cloud_revenue_yoy IS 'Industry cloud revenue growth year on year, %';
COMMENT ON COLUMN quarterly_results.ai_revenue IS 'AI-related revenue, CNY';
COMMENT ON COLUMN quarterly_results.ai_revenue_yoy IS 'AI-related revenue growth year on year, %';
COMMENT ON COLUMN quarterly_results.ai_share_of_public_cloud IS 'AI revenue as a percent of public cloud revenue';
COMMENT ON COLUMN quarterly_results.eps_usd IS 'EPS per ADS as stated in US dollars';
COMMENT ON COLUMN quarterly_results.figures IS 'How many figures the row is built from';

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
HAVING count(*) FILTER (metric IN ('revenue', 'revenue_yoy', 'gross_margin',
    'adjusted_gross_margin', 'net_loss', 'public_cloud_revenue', 'industry_cloud_revenue',
    'ai_revenue', 'eps')) > 0
ORDER BY period;
COMMENT ON VIEW annual_results IS 'KC''s fiscal-year results from FY2017';
COMMENT ON COLUMN annual_results.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN annual_results.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN annual_results.revenue IS 'Revenue, CNY (revenue_usd holds what is stated in US dollars)';
COMMENT ON COLUMN annual_results.revenue_usd IS 'Revenue as stated in US dollars';
COMMENT ON COLUMN annual_results.revenue_yoy IS 'Revenue growth year on year, %';
COMMENT ON COLUMN annual_results.gross_margin IS 'Gross margin, %';
COMMENT ON COLUMN annual_results.net_loss IS 'Net loss, CNY (positive = a loss)';
COMMENT ON COLUMN annual_results.net_loss_yoy IS 'Change of the net loss year on year, %';
COMMENT ON COLUMN annual_results.public_cloud_revenue IS 'Public cloud revenue, CNY';
COMMENT ON COLUMN annual_results.industry_cloud_revenue IS 'Industry (enterprise) cloud revenue, CNY';
COMMENT ON COLUMN annual_results.public_cloud_share_of_revenue IS 'Public cloud revenue as a percent of revenue';
COMMENT ON COLUMN annual_results.cloud_delivery_revenue IS 'Cloud delivery (CDN) revenue, CNY';
COMMENT ON COLUMN annual_results.idc_cost IS 'IDC (data-centre) cost, CNY';
COMMENT ON COLUMN annual_results.operating_cash_flow IS 'Operating cash flow, CNY';
COMMENT ON COLUMN annual_results.rd_expense IS 'R&D expense, CNY';
COMMENT ON COLUMN annual_results.premium_customers IS 'Number of premium customers';
COMMENT ON COLUMN annual_results.eps_usd IS 'EPS per ADS as stated in US dollars';
COMMENT ON COLUMN annual_results.figures IS 'How many figures the row is built from';

CREATE VIEW competitors AS
SELECT entity, name, kind, period, period_end,
       revenue_cny, revenue_usd,
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
           max(f.value) FILTER (f.metric = 'market_cap' AND f.unit = 'USD') AS market_cap,
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
COMMENT ON VIEW competitors IS 'Market shares, competitors'' and peers'' figures beside KC''s, per entity and period';
COMMENT ON COLUMN competitors.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN competitors.name IS 'Full name';
COMMENT ON COLUMN competitors.kind IS 'Kind of entity: competitor, peer or company (KC)';
COMMENT ON COLUMN competitors.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN competitors.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN competitors.revenue_cny IS 'Revenue stated in yuan (CNY)';
COMMENT ON COLUMN competitors.revenue_usd IS 'Revenue stated in US dollars (one currency per column: kctui converts nothing)';
COMMENT ON COLUMN competitors.revenue_growth IS 'Revenue growth, %';
COMMENT ON COLUMN competitors.market_share IS 'China public cloud IaaS market share, %';
COMMENT ON COLUMN competitors.market_rank IS 'China public cloud IaaS rank';
COMMENT ON COLUMN competitors.market_cap IS 'Market value, US dollars (as the stock page states it)';
COMMENT ON COLUMN competitors.gross_margin IS 'Gross margin, %';
COMMENT ON COLUMN competitors.gross_margin_change IS 'Change of gross margin, pp';
COMMENT ON COLUMN competitors.pe_ttm IS 'Price/earnings, trailing twelve months';
COMMENT ON COLUMN competitors.roe_ttm IS 'Return on equity, trailing twelve months, %';
COMMENT ON COLUMN competitors.debt_to_assets IS 'Debt to assets, %';

-- The curator's word on a disagreement the data alone cannot settle (a scope difference,
-- say), from data/conflict_causes.csv; the build refuses one for a pair that agrees.
CREATE TABLE conflict_causes (
    fact_a VARCHAR NOT NULL,
    fact_b VARCHAR NOT NULL,
    likely_wrong VARCHAR,
    cause VARCHAR NOT NULL
);
COMMENT ON TABLE conflict_causes IS 'The curator''s explanation of a disagreement between two statements';
COMMENT ON COLUMN conflict_causes.fact_a IS 'First statement''s fact id';
COMMENT ON COLUMN conflict_causes.fact_b IS 'Second statement''s fact id (d:… when derived)';
COMMENT ON COLUMN conflict_causes.likely_wrong IS 'The statement most likely wrong (NULL: neither, e.g. a scope difference)';
COMMENT ON COLUMN conflict_causes.cause IS 'Why the two disagree';

-- Two statements of one entity, metric, period and unit whose intervals do not overlap
-- (rounding, "about", one-sided bounds and truncations widen them first), or a stated
-- figure its derived twin contradicts; with the one most likely wrong and why: the
-- curator's word if there is one, else the one the other statements disagree with.
-- `kctui build` fills the table conflicts from this query and then drops it.
CREATE VIEW conflicts_query AS
WITH s AS (
    SELECT * FROM facts_all WHERE qualifier IN ('reported', 'approx', 'bound', 'derived')
),
pairs AS (
    SELECT a.entity, a.metric, a.period, a.unit,
           CASE WHEN b.qualifier = 'derived' THEN 'stated vs derived' ELSE 'stated vs stated' END
               AS kind,
           a.fact_id AS fact_a, a.value AS value_a, a.as_stated AS as_stated_a,
           a.excerpt_id AS excerpt_a,
           b.fact_id AS fact_b, b.value AS value_b,
           coalesce(b.as_stated, b.formula) AS as_stated_b, b.excerpt_id AS excerpt_b,
           b.value - a.value AS difference,
           a.value_lo AS lo_a, a.value_hi AS hi_a, b.value_lo AS lo_b, b.value_hi AS hi_b
    FROM s a
    JOIN s b
      ON a.entity = b.entity AND a.metric = b.metric AND a.period = b.period AND a.unit = b.unit
     AND a.qualifier <> 'derived' AND (b.qualifier = 'derived' OR a.fact_id < b.fact_id)
    WHERE a.value_hi < b.value_lo OR b.value_hi < a.value_lo
),
support AS (
    -- How many other statements of the figure side with each of the two.
    SELECT p.*,
           count(o.fact_id) FILTER (o.value_lo <= p.hi_a AND p.lo_a <= o.value_hi
                                    AND NOT (o.value_lo <= p.hi_b AND p.lo_b <= o.value_hi))
               AS for_a,
           count(o.fact_id) FILTER (o.value_lo <= p.hi_b AND p.lo_b <= o.value_hi
                                    AND NOT (o.value_lo <= p.hi_a AND p.lo_a <= o.value_hi))
               AS for_b
    FROM pairs p
    LEFT JOIN s o
      ON o.entity = p.entity AND o.metric = p.metric AND o.period = p.period AND o.unit = p.unit
     AND o.fact_id NOT IN (p.fact_a, p.fact_b)
    GROUP BY ALL
)
SELECT p.entity, p.metric, p.period, p.unit, p.kind, p.fact_a, p.value_a, p.as_stated_a,
       p.excerpt_a, p.fact_b, p.value_b, p.as_stated_b, p.excerpt_b, p.difference,
       CASE WHEN c.cause IS NOT NULL THEN c.likely_wrong
            WHEN p.for_a > p.for_b THEN p.fact_b
            WHEN p.for_b > p.for_a THEN p.fact_a
       END AS likely_wrong,
       CASE WHEN c.cause IS NOT NULL THEN c.cause
            WHEN p.for_a <> p.for_b THEN printf(
                '%s is the odd one out: %d other statement%s of the figure agree%s with %s',
                CASE WHEN p.for_a > p.for_b THEN p.fact_b ELSE p.fact_a END,
                greatest(p.for_a, p.for_b),
                CASE WHEN greatest(p.for_a, p.for_b) = 1 THEN '' ELSE 's' END,
                CASE WHEN greatest(p.for_a, p.for_b) = 1 THEN 's' ELSE '' END,
                CASE WHEN p.for_a > p.for_b THEN p.fact_a ELSE p.fact_b END)
            WHEN p.kind = 'stated vs derived' THEN printf(
                '%s and what its inputs give (%s) disagree, and nothing else stated settles '
                || 'which is off', p.fact_a, p.as_stated_b)
            ELSE 'the two sources disagree, and nothing else stated settles which is right'
       END AS cause
FROM support p
LEFT JOIN conflict_causes c ON c.fact_a = p.fact_a AND c.fact_b = p.fact_b
ORDER BY p.entity, p.metric, p.period, p.fact_a, p.fact_b;

CREATE TABLE conflicts (
    entity VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    fact_a VARCHAR NOT NULL,
    value_a DOUBLE NOT NULL,
    as_stated_a VARCHAR,
    excerpt_a VARCHAR,
    fact_b VARCHAR NOT NULL,
    value_b DOUBLE NOT NULL,
    as_stated_b VARCHAR,
    excerpt_b VARCHAR,
    difference DOUBLE NOT NULL,
    likely_wrong VARCHAR,
    cause VARCHAR NOT NULL
);
COMMENT ON TABLE conflicts IS 'Statements of one entity/metric/period/unit that disagree beyond what their words allow, with the likely cause';
COMMENT ON COLUMN conflicts.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN conflicts.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN conflicts.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN conflicts.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN conflicts.kind IS '''stated vs stated'', or ''stated vs derived'' when a derivation contradicts a statement';
COMMENT ON COLUMN conflicts.fact_a IS 'First statement''s fact id';
COMMENT ON COLUMN conflicts.value_a IS 'First statement''s value';
COMMENT ON COLUMN conflicts.as_stated_a IS 'First statement''s words';
COMMENT ON COLUMN conflicts.excerpt_a IS 'First statement''s excerpt';
COMMENT ON COLUMN conflicts.fact_b IS 'Second statement''s fact id (d:… when derived)';
COMMENT ON COLUMN conflicts.value_b IS 'Second statement''s value';
COMMENT ON COLUMN conflicts.as_stated_b IS 'Second statement''s words, or the derived formula';
COMMENT ON COLUMN conflicts.excerpt_b IS 'Second statement''s excerpt (NULL when derived)';
COMMENT ON COLUMN conflicts.difference IS 'value_b - value_a';
COMMENT ON COLUMN conflicts.likely_wrong IS 'The statement most likely wrong (NULL when nothing says which)';
COMMENT ON COLUMN conflicts.cause IS 'Why they disagree: the odd one out, or the curator''s explanation';

CREATE VIEW fact_sources AS
SELECT f.fact_id, f.entity, f.metric, m.label, f.period, f.value, f.unit, f.qualifier,
       f.as_stated, f.note, x.excerpt_id, x.text AS excerpt, s.source_id, s.publisher,
       s.published, s.language, s.title, s.url, s.approximate, s.machine_translated_from,
       x.first_line, x.last_line
FROM facts f
JOIN metrics m USING (metric)
JOIN excerpts x USING (excerpt_id)
JOIN sources s USING (source_id);
COMMENT ON VIEW fact_sources IS 'Every stated fact joined to its excerpt and source (provenance)';
COMMENT ON COLUMN fact_sources.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN fact_sources.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN fact_sources.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN fact_sources.label IS 'Human label of the metric';
COMMENT ON COLUMN fact_sources.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN fact_sources.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN fact_sources.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN fact_sources.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN fact_sources.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN fact_sources.note IS 'Curator''s note';
COMMENT ON COLUMN fact_sources.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN fact_sources.excerpt IS 'The excerpt''s text';
COMMENT ON COLUMN fact_sources.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN fact_sources.publisher IS 'Who published it';
COMMENT ON COLUMN fact_sources.published IS 'Date the document speaks from';
COMMENT ON COLUMN fact_sources.language IS 'Language of the text as shipped (en, de, zh)';
COMMENT ON COLUMN fact_sources.title IS 'Title of the document';
COMMENT ON COLUMN fact_sources.url IS 'Where it was published, if known';
COMMENT ON COLUMN fact_sources.approximate IS 'The document''s date is inferred, not printed';
COMMENT ON COLUMN fact_sources.machine_translated_from IS 'The language it was machine translated from, if it was';
COMMENT ON COLUMN fact_sources.first_line IS 'First line of the quote in its document';
COMMENT ON COLUMN fact_sources.last_line IS 'Last line of the quote in its document';
