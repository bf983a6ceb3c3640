-- kctui's database: the tables `kctui build` fills from data/*.csv, and the views the
-- app, the CLI and notebooks read. Every table, view and column carries a COMMENT so
-- the SQL console's schema browser explains itself.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
COMMENT ON TABLE meta IS 'Build information: schema version, hash of the curated data, kctui version';
COMMENT ON COLUMN meta.key IS 'Build setting: schema_version, data_hash, kctui_version or built_at';
COMMENT ON COLUMN meta.value IS 'The setting''s value, as text';

-- "As known on": the views answer as of the session variable kctui_as_of, set by
-- `kctui sql --as-of`, the explorer's [ and ] keys, or by hand; unset, as of today.
CREATE MACRO as_of_date() AS coalesce(getvariable('kctui_as_of')::DATE, DATE 'infinity');
COMMENT ON MACRO as_of_date IS 'The date the views answer as of: SET VARIABLE kctui_as_of = DATE ''2022-06-23'' (RESET VARIABLE kctui_as_of: today, every source)';

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
-- approximate one, the most precise first; of those published by as_of_date().
CREATE VIEW stated_best AS
SELECT *
FROM facts
WHERE qualifier IN ('reported', 'approx')
  AND excerpt_id IN (SELECT x.excerpt_id FROM excerpts x JOIN sources s USING (source_id)
                     WHERE s.published <= as_of_date())
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

-- Every statement, stated and derived, with the span of dates it was known: a stated
-- figure from its source's publication on; a derived one while its inputs were the
-- best statements known (a better statement of an input, published later, starts a
-- new span with a new value). Computed once, at build time (`kctui build` fills it
-- from facts_history_query and then drops that), so that facts_all, best_facts,
-- derived_facts and what reads them answer as known on any day with a filter.
CREATE TABLE facts_history (
    fact_id VARCHAR NOT NULL,
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
    qualifier VARCHAR NOT NULL,
    as_stated VARCHAR,
    excerpt_id VARCHAR,
    note VARCHAR,
    formula VARCHAR,
    inputs VARCHAR[],
    caveat VARCHAR,
    known_from DATE NOT NULL,
    known_until DATE
);
COMMENT ON TABLE facts_history IS 'Every statement, stated and derived, with the span of dates it was known (what "as known on" filters)';
COMMENT ON COLUMN facts_history.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN facts_history.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN facts_history.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN facts_history.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN facts_history.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN facts_history.period_start IS 'First day of the period';
COMMENT ON COLUMN facts_history.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN facts_history.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN facts_history.value_lo IS 'Lowest value the statement admits: its rounding, widened where the words are approximate, -inf for "less than"';
COMMENT ON COLUMN facts_history.value_hi IS 'Highest value the statement admits: its rounding, widened where the words are approximate, +inf for "more than"';
COMMENT ON COLUMN facts_history.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN facts_history.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN facts_history.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN facts_history.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN facts_history.note IS 'Curator''s note';
COMMENT ON COLUMN facts_history.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN facts_history.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN facts_history.caveat IS 'Why to read it with care: corrected digits, or a derivation built on them';
COMMENT ON COLUMN facts_history.known_from IS 'First day it was known: its source''s publication date (derived: when its inputs were)';
COMMENT ON COLUMN facts_history.known_until IS 'First day it was no longer so (a better input statement was published); NULL: still so';

-- Build only: derived figures over time. stated_best as it stood on each day (each
-- statement is the best known from its publication until a better-ranked one is
-- published), growth, margins and rates from the inputs known together, and one
-- derived figure per key on each day: from yuan inputs where both currencies could serve.
CREATE VIEW derived_history_query AS
WITH stated AS (
    SELECT f.*, s.published AS known_from,
           row_number() OVER (
               PARTITION BY f.entity, f.metric, f.period, f.unit
               ORDER BY f.qualifier = 'approx', f.value_hi - f.value_lo, f.fact_id) AS rank
    FROM facts f JOIN excerpts x USING (excerpt_id) JOIN sources s USING (source_id)
    WHERE f.qualifier IN ('reported', 'approx')
),
best AS (
    SELECT * EXCLUDE (better_from), coalesce(better_from, DATE 'infinity') AS known_until
    FROM (
        SELECT *, min(known_from) OVER (
                      PARTITION BY entity, metric, period, unit ORDER BY rank
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS better_from
        FROM stated)
    -- A statement a better one published no later outranks from the start is never shown.
    WHERE better_from IS NULL OR better_from > known_from
),
growth AS (
    SELECT r.output_metric AS metric, cur.entity, cur.period, cur.period_kind,
           cur.period_start, cur.period_end, r.unit,
           (cur.value / prev.value - 1) * 100 AS value,
           (cur.value_lo / prev.value_hi - 1) * 100 AS value_lo,
           (cur.value_hi / prev.value_lo - 1) * 100 AS value_hi,
           printf('%s %s / %s %s - 1', r.input_a, cur.period, r.input_a, prev.period) AS formula,
           [cur.fact_id, prev.fact_id] AS inputs, cur.unit AS basis,
           greatest(cur.known_from, prev.known_from) AS known_from,
           least(cur.known_until, prev.known_until) AS known_until
    FROM derivation_rules r
    JOIN best cur ON cur.metric = r.input_a
    JOIN best prev
      ON prev.entity = cur.entity AND prev.metric = cur.metric AND prev.unit = cur.unit
     AND prev.period = CASE r.kind WHEN 'yoy' THEN cur.prev_year_period ELSE cur.prev_period END
     AND prev.known_from < cur.known_until AND cur.known_from < prev.known_until
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
           [a.fact_id, b.fact_id], a.unit,
           greatest(a.known_from, b.known_from), least(a.known_until, b.known_until)
    FROM derivation_rules r
    JOIN best a ON a.metric = r.input_a
    JOIN best b
      ON b.entity = a.entity AND b.metric = r.input_b AND b.period = a.period AND b.unit = a.unit
     AND b.known_from < a.known_until AND a.known_from < b.known_until
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
           [a.fact_id, b.fact_id], 'CNY',
           greatest(a.known_from, b.known_from), least(a.known_until, b.known_until)
    FROM derivation_rules r
    JOIN best a ON a.metric = r.input_a AND a.unit = 'CNY'
    JOIN best b
      ON b.entity = a.entity AND b.metric = a.metric AND b.period = a.period AND b.unit = 'USD'
     AND b.known_from < a.known_until AND a.known_from < b.known_until
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
           [cur.fact_id, prev.fact_id], cur.unit,
           greatest(cur.known_from, prev.known_from), least(cur.known_until, prev.known_until)
    FROM derivation_rules r
    JOIN best cur ON cur.metric = r.input_a
    JOIN best prev
      ON prev.entity = cur.entity AND prev.metric = cur.metric AND prev.unit = cur.unit
     AND prev.period = cur.prev_year_period
     AND prev.known_from < cur.known_until AND cur.known_from < prev.known_until
    WHERE r.kind = 'diff_yoy'
),
candidates AS (
    SELECT * FROM growth UNION ALL SELECT * FROM ratio UNION ALL SELECT * FROM diff
    UNION ALL SELECT * FROM fx
),
-- The days on which what is derivable for a key may change, and the spans between them.
spans AS (
    SELECT *,
           coalesce(lead(t) OVER w, DATE 'infinity') AS t_end,
           row_number() OVER w AS span
    FROM (SELECT entity, metric, period, unit, known_from AS t FROM candidates
          UNION
          SELECT entity, metric, period, unit, known_until FROM candidates
          WHERE known_until < DATE 'infinity')
    WINDOW w AS (PARTITION BY entity, metric, period, unit ORDER BY t)
),
chosen AS (
    SELECT c.*, p.t, p.t_end, p.span
    FROM spans p
    JOIN candidates c
      ON c.entity = p.entity AND c.metric = p.metric AND c.period = p.period AND c.unit = p.unit
     AND c.known_from <= p.t AND p.t < c.known_until
    QUALIFY row_number() OVER (PARTITION BY c.entity, c.metric, c.period, c.unit, p.t
                               ORDER BY c.basis <> 'CNY', c.formula) = 1
),
-- Consecutive spans derived alike (the same inputs) make one.
merged AS (
    SELECT entity, metric, period, period_kind, period_start, period_end, value, value_lo,
           value_hi, unit, formula, inputs, min(t) AS known_from, max(t_end) AS known_until
    FROM (SELECT *, span - row_number() OVER (
                        PARTITION BY entity, metric, period, unit, formula, inputs ORDER BY t
                    ) AS island
          FROM chosen)
    GROUP BY entity, metric, period, period_kind, period_start, period_end, value, value_lo,
             value_hi, unit, formula, inputs, island
)
SELECT 'd:' || entity || ':' || metric || ':' || period || ':' || unit AS fact_id,
       entity, metric, period, period_kind, period_start, period_end,
       value, value_lo, value_hi, unit, formula, inputs,
       (SELECT 'built on ' || string_agg(f.fact_id, ', ' ORDER BY f.fact_id)
               || ', whose digits the curator corrected (a slip in the source)'
        FROM facts f WHERE f.corrected AND list_contains(d.inputs, f.fact_id)) AS caveat,
       known_from, nullif(known_until, DATE 'infinity') AS known_until
FROM merged d;

-- Build only: what facts_history holds.
CREATE VIEW facts_history_query AS
SELECT f.fact_id, f.entity, f.metric, f.period, f.period_kind, f.period_start, f.period_end,
       f.value, f.value_lo, f.value_hi, f.unit, f.qualifier, f.as_stated, f.excerpt_id, f.note,
       NULL::VARCHAR AS formula, NULL::VARCHAR[] AS inputs,
       CASE WHEN f.corrected THEN 'the curator corrected the source''s digits (see note)' END
           AS caveat,
       s.published AS known_from, NULL::DATE AS known_until
FROM facts f JOIN excerpts x USING (excerpt_id) JOIN sources s USING (source_id)
UNION ALL
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, 'derived', NULL, NULL,
       'derived: ' || formula, formula, inputs, caveat, known_from, known_until
FROM derived_history_query;

CREATE VIEW facts_all AS
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, qualifier, as_stated, excerpt_id, note, formula, inputs,
       caveat
FROM facts_history
WHERE known_from <= as_of_date() AND (known_until IS NULL OR as_of_date() < known_until);
COMMENT ON VIEW facts_all IS 'Stated and derived figures together, as known on as_of_date() (today unless kctui_as_of is set); derived rows carry their formula';
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

-- The derived figures as known on as_of_date() (today: from the best statements of all).
CREATE VIEW derived_facts AS
SELECT fact_id, entity, metric, period, period_kind, period_start, period_end, value,
       value_lo, value_hi, unit, formula, inputs, caveat
FROM facts_all
WHERE qualifier = 'derived';
COMMENT ON VIEW derived_facts IS 'Growth rates, margins and shares computed wherever both inputs are stated, as known on as_of_date()';
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
           OR f.period IN (SELECT c.period FROM facts_all c JOIN entities ce USING (entity)
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
-- Decided for every span of days on which the statements known of the figure stayed
-- the same (a new statement can make a conflict, or settle which side is the odd one
-- out). `kctui build` fills conflicts_history from this query and then drops it.
CREATE VIEW conflicts_history_query AS
WITH h AS (
    SELECT *, coalesce(known_until, DATE 'infinity') AS until
    FROM facts_history
    WHERE qualifier IN ('reported', 'approx', 'bound', 'derived')
),
-- Only a figure with two statements or more (known at any time) can have a conflict.
figures AS (
    SELECT entity, metric, period, unit FROM h GROUP BY ALL HAVING count(*) > 1
),
spans AS (
    SELECT *, coalesce(lead(t) OVER w, DATE 'infinity') AS t_end, row_number() OVER w AS span
    FROM (SELECT entity, metric, period, unit, known_from AS t
          FROM h SEMI JOIN figures USING (entity, metric, period, unit)
          UNION
          SELECT entity, metric, period, unit, known_until
          FROM h SEMI JOIN figures USING (entity, metric, period, unit)
          WHERE known_until IS NOT NULL)
    WINDOW w AS (PARTITION BY entity, metric, period, unit ORDER BY t)
),
-- Each statement known during each span of its figure.
s AS (
    SELECT p.t, p.t_end, p.span, h.*
    FROM spans p JOIN h USING (entity, metric, period, unit)
    WHERE h.known_from <= p.t AND p.t < h.until
),
pairs AS (
    SELECT a.t, a.t_end, a.span, a.entity, a.metric, a.period, a.unit,
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
     AND a.t = b.t
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
     AND o.t = p.t AND o.fact_id NOT IN (p.fact_a, p.fact_b)
    GROUP BY ALL
),
decided AS (
    SELECT p.t, p.t_end, p.span, p.entity, p.metric, p.period, p.unit, p.kind, p.fact_a,
           p.value_a, p.as_stated_a, p.excerpt_a, p.fact_b, p.value_b, p.as_stated_b,
           p.excerpt_b, p.difference,
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
)
-- Consecutive spans that say the same make one.
SELECT entity, metric, period, unit, kind, fact_a, value_a, as_stated_a, excerpt_a, fact_b,
       value_b, as_stated_b, excerpt_b, difference, likely_wrong, cause,
       min(t) AS known_from, nullif(max(t_end), DATE 'infinity') AS known_until
FROM (SELECT *, span - row_number() OVER (
                    PARTITION BY entity, metric, period, unit, kind, fact_a, value_a,
                                 as_stated_a, excerpt_a, fact_b, value_b, as_stated_b,
                                 excerpt_b, difference, likely_wrong, cause
                    ORDER BY t) AS island
      FROM decided)
GROUP BY ALL;

CREATE TABLE conflicts_history (
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
    cause VARCHAR NOT NULL,
    known_from DATE NOT NULL,
    known_until DATE
);
COMMENT ON TABLE conflicts_history IS 'Every conflict with the span of dates it stood as it says (what "as known on" filters)';
COMMENT ON COLUMN conflicts_history.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN conflicts_history.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN conflicts_history.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN conflicts_history.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN conflicts_history.kind IS '''stated vs stated'', or ''stated vs derived'' when a derivation contradicts a statement';
COMMENT ON COLUMN conflicts_history.fact_a IS 'First statement''s fact id';
COMMENT ON COLUMN conflicts_history.value_a IS 'First statement''s value';
COMMENT ON COLUMN conflicts_history.as_stated_a IS 'First statement''s words';
COMMENT ON COLUMN conflicts_history.excerpt_a IS 'First statement''s excerpt';
COMMENT ON COLUMN conflicts_history.fact_b IS 'Second statement''s fact id (d:… when derived)';
COMMENT ON COLUMN conflicts_history.value_b IS 'Second statement''s value';
COMMENT ON COLUMN conflicts_history.as_stated_b IS 'Second statement''s words, or the derived formula';
COMMENT ON COLUMN conflicts_history.excerpt_b IS 'Second statement''s excerpt (NULL when derived)';
COMMENT ON COLUMN conflicts_history.difference IS 'value_b - value_a';
COMMENT ON COLUMN conflicts_history.likely_wrong IS 'The statement most likely wrong (NULL when nothing says which)';
COMMENT ON COLUMN conflicts_history.cause IS 'Why they disagree: the odd one out, or the curator''s explanation';
COMMENT ON COLUMN conflicts_history.known_from IS 'First day both statements were known and it read so';
COMMENT ON COLUMN conflicts_history.known_until IS 'First day it no longer read so (a statement published since changed it); NULL: still so';

CREATE VIEW conflicts AS
SELECT entity, metric, period, unit, kind, fact_a, value_a, as_stated_a, excerpt_a, fact_b,
       value_b, as_stated_b, excerpt_b, difference, likely_wrong, cause
FROM conflicts_history
WHERE known_from <= as_of_date() AND (known_until IS NULL OR as_of_date() < known_until)
ORDER BY entity, metric, period, fact_a, fact_b;
COMMENT ON VIEW conflicts IS 'Statements of one entity/metric/period/unit that disagree beyond what their words allow, with the likely cause; as known on as_of_date()';
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
JOIN sources s USING (source_id)
WHERE s.published <= as_of_date();
COMMENT ON VIEW fact_sources IS 'Every stated fact joined to its excerpt and source (provenance), as known on as_of_date()';
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

-- Find a figure (`f`, kctui.core.find): every statement (stated, derived, financing
-- rounds) indexed by the words that name it, filled once by `kctui build`
-- (kctui/build/find_index.py), so a search is a few joins over small tables however much
-- data there is. The words of a series (an entity's metric) and of a period are indexed
-- once, not once per statement; a statement's own words (its as-stated amount, quote,
-- publisher, investors) in search_row_terms. No full-text extension: kctui installs none.
CREATE MACRO search_words(t) AS
    list_distinct(regexp_extract_all(lower(t),
        '[0-9]+(?:[.,][0-9]+)*|[\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{f900}-\x{faff}]|[a-z\x{00df}-\x{00f6}\x{00f8}-\x{00ff}\x{0100}-\x{024f}]+'));
COMMENT ON MACRO search_words IS 'The words find indexes in a text: lower-cased runs of Latin letters, numbers (7.79, 1,97), single Han characters';

CREATE TABLE search_series (
    series_no INTEGER NOT NULL,
    entity VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    label_words INTEGER NOT NULL
);
COMMENT ON TABLE search_series IS 'Find: each entity''s metric (a series of figures over periods), KC''s first';
COMMENT ON COLUMN search_series.series_no IS 'Series number (KC''s first, then by entity and metric)';
COMMENT ON COLUMN search_series.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN search_series.metric IS 'Metric name (financing_round for the financing rounds)';
COMMENT ON COLUMN search_series.label IS 'Human label of the metric';
COMMENT ON COLUMN search_series.name IS 'Full name of the entity';
COMMENT ON COLUMN search_series.label_words IS 'Words in the label (of two equal matches, the shorter label ranks first)';

CREATE TABLE search_periods (
    period_no INTEGER NOT NULL,
    period VARCHAR NOT NULL
);
COMMENT ON TABLE search_periods IS 'Find: every period a statement speaks of';
COMMENT ON COLUMN search_periods.period_no IS 'Period number';
COMMENT ON COLUMN search_periods.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';

CREATE TABLE search_rows (
    row_no INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    series_no INTEGER NOT NULL,
    period_no INTEGER NOT NULL,
    unit VARCHAR,
    value DOUBLE,
    qualifier VARCHAR NOT NULL,
    as_stated VARCHAR,
    excerpt_id VARCHAR,
    source_id VARCHAR,
    round VARCHAR,
    formula VARCHAR,
    label_words INTEGER NOT NULL
);
COMMENT ON TABLE search_rows IS 'Find: every statement a search can return, numbered in the order equal matches are listed';
COMMENT ON COLUMN search_rows.row_no IS 'Order among equal matches: KC first, reported before approximate, derived and estimates, the latest period first';
COMMENT ON COLUMN search_rows.kind IS 'stated (facts), derived (derived_facts) or round (financing_rounds)';
COMMENT ON COLUMN search_rows.id IS 'Fact id (f0001…, d:… when derived) or round id (r01…)';
COMMENT ON COLUMN search_rows.series_no IS 'Its series (search_series)';
COMMENT ON COLUMN search_rows.period_no IS 'Its period (search_periods)';
COMMENT ON COLUMN search_rows.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN search_rows.value IS 'Value in base units (a typed number matches it when the digits typed allow it)';
COMMENT ON COLUMN search_rows.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN search_rows.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN search_rows.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN search_rows.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN search_rows.round IS 'Round name (Seed, A, B, C, C+, D, D+, IPO…) of a financing round';
COMMENT ON COLUMN search_rows.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN search_rows.label_words IS 'Words in its metric''s label (of two equal matches, the shorter label ranks first)';

CREATE TABLE search_values (
    value DOUBLE NOT NULL,
    unit VARCHAR,
    row_no INTEGER NOT NULL
);
COMMENT ON TABLE search_values IS 'Find: every statement''s value, sorted (a typed number reads only the stretch it allows)';
COMMENT ON COLUMN search_values.value IS 'Value in base units';
COMMENT ON COLUMN search_values.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN search_values.row_no IS 'Statement (search_rows)';

CREATE TABLE search_terms (
    term_id INTEGER NOT NULL,
    term VARCHAR NOT NULL
);
COMMENT ON TABLE search_terms IS 'Find: the vocabulary, numbered in sorted order (the terms a prefix matches are a run of ids)';
COMMENT ON COLUMN search_terms.term_id IS 'Term number, in the order of the terms';
COMMENT ON COLUMN search_terms.term IS 'A lower-cased word, number or period name (fy2021, 2021q4, q4)';

CREATE TABLE search_series_terms (
    term_id INTEGER NOT NULL,
    series_no INTEGER NOT NULL,
    weight TINYINT NOT NULL
);
COMMENT ON TABLE search_series_terms IS 'Find: the words of each series (metric label 10, metric name and entity 8)';
COMMENT ON COLUMN search_series_terms.term_id IS 'Term number (search_terms)';
COMMENT ON COLUMN search_series_terms.series_no IS 'Series number (search_series)';
COMMENT ON COLUMN search_series_terms.weight IS 'How much a match here counts: where the word stands';

CREATE TABLE search_period_terms (
    term_id INTEGER NOT NULL,
    period_no INTEGER NOT NULL,
    weight TINYINT NOT NULL
);
COMMENT ON TABLE search_period_terms IS 'Find: the names of each period (2021Q4: 2021q4, 2021, q4, 4q21), weight 8';
COMMENT ON COLUMN search_period_terms.term_id IS 'Term number (search_terms)';
COMMENT ON COLUMN search_period_terms.period_no IS 'Period number (search_periods)';
COMMENT ON COLUMN search_period_terms.weight IS 'How much a match here counts';

CREATE TABLE search_row_terms (
    term_id INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    weight TINYINT NOT NULL
);
COMMENT ON TABLE search_row_terms IS 'Find: a statement''s own words (round and investors 7, as stated 5, topic and publisher 3, quote 2), sorted by term';
COMMENT ON COLUMN search_row_terms.term_id IS 'Term number (search_terms)';
COMMENT ON COLUMN search_row_terms.row_no IS 'Statement (search_rows)';
COMMENT ON COLUMN search_row_terms.weight IS 'How much a match here counts: where the word stands';

-- What the dashboard loads on each earlier day, so that an "as known on" step reads
-- rows instead of ranking statements again: the statements of the figures the dashboard
-- may show, each with whether it was the one shown and whether its sources disagreed,
-- over the span of days that held. `kctui build` fills it from the query
-- DASHBOARD_HISTORY in kctui/core/history.py (after dashboard_facts).
CREATE TABLE dashboard_history (
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
    caveat VARCHAR,
    known_from DATE NOT NULL,
    known_until DATE
);
COMMENT ON TABLE dashboard_history IS 'What the dashboard loads as known on each day (dashboard_facts over time), computed at build time';
COMMENT ON COLUMN dashboard_history.fact_id IS 'Fact id (f0001…; derived ids start with d:)';
COMMENT ON COLUMN dashboard_history.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN dashboard_history.metric IS 'Metric name (see the metrics table)';
COMMENT ON COLUMN dashboard_history.label IS 'Human label of the metric';
COMMENT ON COLUMN dashboard_history.period IS 'Period: FY2021, 2021Q4, 2017H1, TTM2025Q3, 2013-08 or 2022-06-23';
COMMENT ON COLUMN dashboard_history.period_kind IS 'FY, Q, H, M, D or TTM (trailing twelve months)';
COMMENT ON COLUMN dashboard_history.period_end IS 'Last day of the period (the date of a point-in-time figure)';
COMMENT ON COLUMN dashboard_history.value IS 'Value in base units (yuan, dollars, percent numbers, pp, counts)';
COMMENT ON COLUMN dashboard_history.unit IS 'Unit: CNY, USD, HKD, %, pp, count or x (money for a currency family)';
COMMENT ON COLUMN dashboard_history.qualifier IS 'reported, guidance, estimate, approx, bound or derived';
COMMENT ON COLUMN dashboard_history.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN dashboard_history.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN dashboard_history.formula IS 'How a derived figure was computed from its inputs';
COMMENT ON COLUMN dashboard_history.inputs IS 'Fact ids of a derived figure''s inputs';
COMMENT ON COLUMN dashboard_history.best IS 'Whether this statement was the figure shown for its entity/metric/period/unit';
COMMENT ON COLUMN dashboard_history.conflict IS 'Whether statements of this entity/metric/period disagreed beyond rounding';
COMMENT ON COLUMN dashboard_history.section IS 'The competitors panel''s section the figure is compared in (as decided today)';
COMMENT ON COLUMN dashboard_history.note IS 'Curator''s note (for a derived figure, its formula)';
COMMENT ON COLUMN dashboard_history.caveat IS 'Why to read it with care: corrected digits, or a derivation built on them';
COMMENT ON COLUMN dashboard_history.known_from IS 'First day the row held';
COMMENT ON COLUMN dashboard_history.known_until IS 'First day it no longer held (a statement published since changed it); NULL: still so';

-- What had been published by a day, as a table: SELECT * FROM facts_as_of(DATE '2022-10-07').
CREATE MACRO facts_as_of(day) AS TABLE
SELECT f.*
FROM facts f
WHERE f.excerpt_id IN (SELECT x.excerpt_id FROM excerpts x JOIN sources s USING (source_id)
                       WHERE s.published <= day)
ORDER BY f.fact_id;
COMMENT ON MACRO TABLE facts_as_of IS 'The facts whose source had been published by DAY: SELECT * FROM facts_as_of(DATE ''2022-10-07''). For every view as of a day: SET VARIABLE kctui_as_of = DATE ''2022-10-07'' (or kctui sql --as-of)';

-- KC's history on one time axis, as known on as_of_date(): dated events, financing
-- rounds (the IPO is its listing events and its price), share prices and market values,
-- the impairment Kingsoft announced on its KC investment. One row per entry, in order.
CREATE VIEW timeline AS
WITH known AS (
    SELECT x.excerpt_id, x.topic, s.source_id, s.published
    FROM excerpts x JOIN sources s USING (source_id)
    WHERE s.published <= as_of_date()
),
entries AS (
    SELECT e.period_start AS day, e.period, 'event' AS kind, e.entity, e.event AS label,
           NULL::DOUBLE AS value, NULL::VARCHAR AS unit, NULL::VARCHAR AS as_stated,
           NULL::VARCHAR AS metric, e.event_id AS ref_id, e.excerpt_id, 1 AS sort_order
    FROM events e
    UNION ALL
    SELECT CASE WHEN r.announced LIKE 'FY%'
                THEN make_date(CAST(substr(r.announced, 3) AS INTEGER), 1, 1)
                WHEN length(r.announced) = 7 THEN CAST(r.announced || '-01' AS DATE)
                ELSE r.announced_date END,
           r.announced, 'round', 'KC',
           r.round || ' round' || coalesce(' · ' || r.investors, ''),
           r.amount, r.currency, r.as_stated, NULL, r.round_id, r.excerpt_id, 2
    FROM financing_rounds r
    WHERE r.round <> 'IPO'
    UNION ALL
    SELECT f.period_start, f.period,
           CASE WHEN f.metric = 'market_cap' THEN 'value'
                WHEN f.metric LIKE 'impairment%' THEN 'impairment' ELSE 'price' END,
           f.entity, m.label, f.value, f.unit, f.as_stated, f.metric, f.fact_id, f.excerpt_id,
           CASE WHEN f.metric = 'market_cap' THEN 4 ELSE 3 END
    FROM facts_all f JOIN metrics m USING (metric)
    WHERE (f.entity = 'KC' AND f.metric IN ('ipo_price', 'share_price', 'share_price_high',
                                            'share_price_52w_high', 'share_price_52w_low',
                                            'share_price_change', 'market_cap'))
       OR f.metric LIKE 'impairment%'
    -- One entry per figure: the statement shown for it (else the first), then the rest
    -- of its statements stay in its detail view.
    QUALIFY row_number() OVER (
        PARTITION BY f.entity, f.metric, f.period, f.unit
        ORDER BY CASE f.qualifier WHEN 'reported' THEN 0 WHEN 'approx' THEN 1
                                  WHEN 'bound' THEN 2 WHEN 'derived' THEN 4 ELSE 3 END,
                 f.value_hi - f.value_lo, f.fact_id) = 1
)
SELECT e.day, e.period, e.kind, e.entity, e.label, e.value, e.unit, e.as_stated, e.metric,
       e.ref_id, e.excerpt_id, k.topic, k.source_id, k.published
FROM entries e JOIN known k USING (excerpt_id)
WHERE e.day IS NOT NULL
ORDER BY e.day, e.sort_order, e.ref_id;
COMMENT ON VIEW timeline IS 'KC''s history in date order, as known on as_of_date(): events, financing rounds, share prices and market values, the impairment';
COMMENT ON COLUMN timeline.day IS 'First day of the period the entry speaks of (where the timeline places it)';
COMMENT ON COLUMN timeline.period IS 'The period as stated: FY2012 (a year), 2013-08 (a month) or 2022-06-23 (a day)';
COMMENT ON COLUMN timeline.kind IS 'event, round (financing), price (share price), value (market value) or impairment';
COMMENT ON COLUMN timeline.entity IS 'Entity id (KC, KINGSOFT, XIAOMI, ALIBABA_CLOUD…)';
COMMENT ON COLUMN timeline.label IS 'What happened (events: the curator''s words) or the figure''s label';
COMMENT ON COLUMN timeline.value IS 'The amount of a round or figure, in base units (NULL for an event)';
COMMENT ON COLUMN timeline.unit IS 'Unit of the value: CNY, USD, HKD, %, count';
COMMENT ON COLUMN timeline.as_stated IS 'The amount exactly as the source writes it';
COMMENT ON COLUMN timeline.metric IS 'Metric name of a figure (NULL for events and rounds)';
COMMENT ON COLUMN timeline.ref_id IS 'Id of the row it comes from: event (v…), round (r…) or fact (f…)';
COMMENT ON COLUMN timeline.excerpt_id IS 'Excerpt id (e001-01…)';
COMMENT ON COLUMN timeline.topic IS 'What the excerpt is about (ipo, filings, results, stock…)';
COMMENT ON COLUMN timeline.source_id IS 'Source document id (S000…)';
COMMENT ON COLUMN timeline.published IS 'When it became known: the source''s publication date';
