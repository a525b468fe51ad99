-- mart.youth_pilot*: the youth pilot's settings, indicators, their inputs, sources and
-- follow-up indicators, as raw/pilot/youth.yaml gives them (pipelines/ingest/pilot_config.py:
-- pilot_rows binds each as a list of rows). report.youth_language_gap and
-- report.youth_service_need are worked out from these and the published facts.

CREATE OR REPLACE TABLE mart.youth_pilot AS
SELECT unnest($settings::STRUCT(
    config_file VARCHAR, county_area_code VARCHAR, reference_language VARCHAR,
    confidence_level DOUBLE, z DOUBLE, min_respondents INTEGER, project_keywords VARCHAR[]
)[], recursive := true);

-- A rate worked out from counts has the pilot's name and unit; an indicator taken as the mart
-- publishes it has the mart's (its first input's code).
CREATE OR REPLACE TABLE mart.youth_pilot_indicator AS
WITH config AS (
    SELECT unnest($indicators::STRUCT(
        indicator_id VARCHAR, position INTEGER, theme VARCHAR, kind VARCHAR,
        name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR, age_band VARCHAR, age_group VARCHAR,
        desirable_direction VARCHAR, per INTEGER, unit VARCHAR, decimals INTEGER,
        min_gap DOUBLE, source_ids VARCHAR[], defined_on_line INTEGER
    )[], recursive := true)
),
first_input AS (
    SELECT unnest($inputs::STRUCT(
        indicator_id VARCHAR, position INTEGER, value_code VARCHAR, population_code VARCHAR,
        sample_size_code VARCHAR
    )[], recursive := true)
)
SELECT
    c.indicator_id, c.position, c.theme, c.kind,
    coalesce(c.name_fi, d.name_fi, i.value_code) AS name_fi,
    coalesce(c.name_sv, d.name_sv, i.value_code) AS name_sv,
    coalesce(c.name_en, d.name_en, i.value_code) AS name_en,
    c.age_band, c.age_group, c.desirable_direction, c.per,
    coalesce(c.unit, d.unit) AS unit,
    coalesce(c.decimals, d.decimals) AS decimals,
    c.min_gap, c.source_ids, c.defined_on_line
FROM config c
JOIN first_input i ON i.indicator_id = c.indicator_id AND i.position = 1
LEFT JOIN mart.dim_indicator d ON d.indicator_code = i.value_code
ORDER BY c.position;

CREATE OR REPLACE TABLE mart.youth_pilot_input AS
SELECT
    i.*,
    i.value_code IN (SELECT indicator_code FROM mart.dim_indicator)
        AND (i.population_code IS NULL
             OR i.population_code IN (SELECT indicator_code FROM mart.dim_indicator))
        AND (i.sample_size_code IS NULL
             OR i.sample_size_code IN (SELECT indicator_code FROM mart.dim_indicator))
        AS in_mart
FROM (
    SELECT unnest($inputs::STRUCT(
        indicator_id VARCHAR, position INTEGER, value_code VARCHAR, population_code VARCHAR,
        sample_size_code VARCHAR
    )[], recursive := true)
) i
ORDER BY indicator_id, position;

CREATE OR REPLACE TABLE mart.youth_pilot_source AS
SELECT unnest($sources::STRUCT(
    source_id VARCHAR, publisher_fi VARCHAR, publisher_sv VARCHAR, publisher_en VARCHAR,
    title_fi VARCHAR, title_sv VARCHAR, title_en VARCHAR, files VARCHAR[], url VARCHAR,
    sample BOOLEAN
)[], recursive := true);

CREATE OR REPLACE TABLE mart.youth_pilot_follow_up AS
SELECT
    f.*,
    f.indicator_code IN (SELECT indicator_code FROM mart.dim_indicator) AS in_mart
FROM (
    SELECT unnest($follow_up::STRUCT(
        follow_up_id VARCHAR, position INTEGER, name_fi VARCHAR, name_sv VARCHAR,
        name_en VARCHAR, why_fi VARCHAR, why_sv VARCHAR, why_en VARCHAR, source_fi VARCHAR,
        source_sv VARCHAR, source_en VARCHAR, indicator_code VARCHAR
    )[], recursive := true)
) f
ORDER BY f.position;

COMMENT ON TABLE mart.youth_pilot IS 'The multilingual youth pilot''s settings, from raw/pilot/youth.yaml (one row; none when the raw directory has no such file). See docs/youth-pilot.md.';
COMMENT ON COLUMN mart.youth_pilot.config_file IS 'The file the pilot was read from.';
COMMENT ON COLUMN mart.youth_pilot.county_area_code IS 'The wellbeing services county of the pilot (mart.dim_area): the county, its municipalities and their districts and postal code areas are the pilot''s areas.';
COMMENT ON COLUMN mart.youth_pilot.reference_language IS 'The language group every other is compared with: fi (Finnish speakers), sv or other.';
COMMENT ON COLUMN mart.youth_pilot.confidence_level IS 'Confidence level of the survey shares'' intervals, e.g. 0.95.';
COMMENT ON COLUMN mart.youth_pilot.z IS 'The normal quantile of confidence_level (1.96 for 0.95), used by the Wilson score interval.';
COMMENT ON COLUMN mart.youth_pilot.min_respondents IS 'A survey share of fewer respondents than this is not shown (report.youth_language_gap: status suppressed).';
COMMENT ON COLUMN mart.youth_pilot.project_keywords IS 'Parts of words that make a project of mart.dim_project one that works with young people, when in its title, summary or description (case ignored).';

COMMENT ON TABLE mart.youth_pilot_indicator IS 'The youth pilot''s indicators (raw/pilot/youth.yaml), one row per indicator_id; where their values come from is in mart.youth_pilot_input.';
COMMENT ON COLUMN mart.youth_pilot_indicator.indicator_id IS 'The pilot''s id of the indicator, e.g. neet, lonely.';
COMMENT ON COLUMN mart.youth_pilot_indicator.position IS 'Order in youth.yaml, the order reports show them in.';
COMMENT ON COLUMN mart.youth_pilot_indicator.theme IS 'exclusion (young people falling behind) or service (the services that reach them).';
COMMENT ON COLUMN mart.youth_pilot_indicator.kind IS 'survey_share (a sample survey''s share with its respondents: intervals), register_rate (a whole population: no sampling error) or count (not compared between groups).';
COMMENT ON COLUMN mart.youth_pilot_indicator.name_fi IS 'Name in Finnish: the pilot''s for a rate worked out from counts, else the mart''s.';
COMMENT ON COLUMN mart.youth_pilot_indicator.name_sv IS 'Name in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_indicator.name_en IS 'Name in English.';
COMMENT ON COLUMN mart.youth_pilot_indicator.age_band IS 'Ages the indicator covers, e.g. 15-24.';
COMMENT ON COLUMN mart.youth_pilot_indicator.age_group IS 'The age part of the population groups its values are published under: the age band, or total where the band is in the indicator''s definition (Sotkanet).';
COMMENT ON COLUMN mart.youth_pilot_indicator.desirable_direction IS 'Which way is better: higher, lower, or neither (e.g. a service''s use).';
COMMENT ON COLUMN mart.youth_pilot_indicator.per IS 'For a rate worked out from counts: 100 (%) or 1000; NULL for an indicator taken as published.';
COMMENT ON COLUMN mart.youth_pilot_indicator.unit IS 'Unit of the values: percent, per_1000, count, ... (mart.dim_indicator''s for an indicator taken as published).';
COMMENT ON COLUMN mart.youth_pilot_indicator.decimals IS 'Decimals the values are given with.';
COMMENT ON COLUMN mart.youth_pilot_indicator.min_gap IS 'A register rate''s gap smaller than this (in its unit) is no difference; 0 when only an equal value is.';
COMMENT ON COLUMN mart.youth_pilot_indicator.source_ids IS 'Its sources (mart.youth_pilot_source.source_id).';
COMMENT ON COLUMN mart.youth_pilot_indicator.defined_on_line IS 'Line of raw/pilot/youth.yaml where the indicator is defined.';

COMMENT ON TABLE mart.youth_pilot_input IS 'Where each pilot indicator''s values come from: one row per source of values, a mart indicator (value_code) or a count over a population (value_code / population_code), for the county and municipalities from one source and for districts from another, say.';
COMMENT ON COLUMN mart.youth_pilot_input.indicator_id IS 'The pilot indicator (mart.youth_pilot_indicator).';
COMMENT ON COLUMN mart.youth_pilot_input.position IS 'Order of the inputs in youth.yaml.';
COMMENT ON COLUMN mart.youth_pilot_input.value_code IS 'The mart indicator of the values, or of the counts a rate is worked out from.';
COMMENT ON COLUMN mart.youth_pilot_input.population_code IS 'For a rate: the mart indicator of the population counts (same area, period and group); NULL otherwise.';
COMMENT ON COLUMN mart.youth_pilot_input.sample_size_code IS 'For a survey share: the mart indicator of its respondents'' counts (n); NULL otherwise.';
COMMENT ON COLUMN mart.youth_pilot_input.in_mart IS 'Whether mart.dim_indicator has every code of the row; false: the build warned naming youth.yaml''s line, and the input gives no values.';

COMMENT ON TABLE mart.youth_pilot_source IS 'Sources of the youth pilot (raw/pilot/youth.yaml): publisher, title and the raw files, for the report''s method and sources.';
COMMENT ON COLUMN mart.youth_pilot_source.source_id IS 'The pilot''s id of the source.';
COMMENT ON COLUMN mart.youth_pilot_source.publisher_fi IS 'Publisher in Finnish.';
COMMENT ON COLUMN mart.youth_pilot_source.publisher_sv IS 'Publisher in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_source.publisher_en IS 'Publisher in English.';
COMMENT ON COLUMN mart.youth_pilot_source.title_fi IS 'The table or statistic in Finnish.';
COMMENT ON COLUMN mart.youth_pilot_source.title_sv IS 'The table or statistic in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_source.title_en IS 'The table or statistic in English.';
COMMENT ON COLUMN mart.youth_pilot_source.files IS 'Its raw files, relative to the raw directory (as mart.fact_indicator_value.source_file names them).';
COMMENT ON COLUMN mart.youth_pilot_source.url IS 'Where the publisher publishes it, where given.';
COMMENT ON COLUMN mart.youth_pilot_source.sample IS 'True for sample data: illustrative figures in the publisher''s shape, not official statistics.';

COMMENT ON TABLE mart.youth_pilot_follow_up IS 'Follow-up indicators the youth pilot proposes (raw/pilot/youth.yaml): what to follow next, why, and who could publish it.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.follow_up_id IS 'The pilot''s id of the proposal.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.position IS 'Order in youth.yaml.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.name_fi IS 'The proposed indicator in Finnish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.name_sv IS 'The proposed indicator in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.name_en IS 'The proposed indicator in English.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.why_fi IS 'Why it is proposed, in Finnish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.why_sv IS 'Why it is proposed, in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.why_en IS 'Why it is proposed, in English.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.source_fi IS 'Who could publish it, in Finnish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.source_sv IS 'Who could publish it, in Swedish.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.source_en IS 'Who could publish it, in English.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.indicator_code IS 'The mart indicator it builds on, where one exists; NULL otherwise.';
COMMENT ON COLUMN mart.youth_pilot_follow_up.in_mart IS 'Whether mart.dim_indicator has indicator_code; NULL when none is given.';
