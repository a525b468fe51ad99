-- mart.project_indicator: the indicators each project's card says it aims to move, by target
-- area and population group. A link that cannot join to the indicator data breaks a rule and
-- goes to quality.quarantine instead (first rule broken):
--   unknown_indicator         the indicator is not in mart.dim_indicator
--   unknown_area              the target area is not in mart.dim_area
--   unknown_population_group  no source publishes values for the target group
--   duplicate_link            the card names the same indicator, area and group twice
-- This file owns every quarantine row with source = 'projects': it replaces them each run,
-- with the pages and cards the staging step could not use (staging.project_rejected).

CREATE OR REPLACE TABLE staging.project_indicator_checked AS
SELECT
    t.*,
    CASE
        WHEN i.indicator_code IS NULL THEN 'unknown_indicator'
        WHEN a.area_code IS NULL THEN 'unknown_area'
        WHEN g.group_code IS NULL THEN 'unknown_population_group'
        WHEN row_number() OVER (
            PARTITION BY t.project_key, t.indicator_code, t.target_area_code, t.target_group_code
            ORDER BY t.position) > 1 THEN 'duplicate_link'
    END AS rule,
    CASE
        WHEN i.indicator_code IS NULL THEN
            'indicator ' || t.indicator_code || ' is not in mart.dim_indicator: no source file '
            || 'of the build publishes it; check the code (source:id, e.g. sotkanet:3219)'
        WHEN a.area_code IS NULL THEN
            'target_area ' || t.target_area_code || ' is not in mart.dim_area'
        WHEN g.group_code IS NULL THEN
            'target_group ' || t.target_group_code || ' is not a population group any source '
            || 'publishes (mart.dim_population_group); leave target_group out for '
            || 'total.total.total'
        ELSE 'the card names ' || t.indicator_code || ' for ' || t.target_area_code || ', '
            || t.target_group_code || ' more than once; the first is kept'
    END AS message
FROM staging.project_indicator_target t
LEFT JOIN mart.dim_indicator i USING (indicator_code)
LEFT JOIN mart.dim_area a ON a.area_code = t.target_area_code
LEFT JOIN mart.dim_population_group g ON g.group_code = t.target_group_code;

DELETE FROM quality.quarantine WHERE source = 'projects';

INSERT INTO quality.quarantine
SELECT 'projects', source_file, row_number, raw_record, rule, message, $run_id, now()
FROM staging.project_rejected
UNION ALL
SELECT 'projects', source_file, position, raw_record, rule, message, $run_id, now()
FROM staging.project_indicator_checked
WHERE rule IS NOT NULL;

CREATE OR REPLACE TABLE mart.project_indicator AS
SELECT
    project_key,
    indicator_code,
    target_area_code,
    target_group_code,
    source_file,
    position AS card_position
FROM staging.project_indicator_checked
WHERE rule IS NULL
ORDER BY project_key, position;

COMMENT ON TABLE mart.project_indicator IS 'Wellbeing indicators the development projects aim to move, as their cards name them: one row per project, indicator, target area and population group. Joins to mart.fact_indicator_value on indicator_code = indicator_code, target_area_code = area_code, target_group_code = group_code (see mart.v_project_indicator_trend). Links that cannot join are in quality.quarantine (source projects).';
COMMENT ON COLUMN mart.project_indicator.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_indicator.indicator_code IS 'Indicator (mart.dim_indicator.indicator_code), e.g. sotkanet:3219.';
COMMENT ON COLUMN mart.project_indicator.target_area_code IS 'Area the project aims at (mart.dim_area.area_code), e.g. KU049 (Espoo), HVA03 (Western Uusimaa wellbeing services county).';
COMMENT ON COLUMN mart.project_indicator.target_group_code IS 'Population group the project aims at (mart.dim_population_group.group_code); total.total.total when the card gives none.';
COMMENT ON COLUMN mart.project_indicator.source_file IS 'The card that names the indicator, relative to the raw directory.';
COMMENT ON COLUMN mart.project_indicator.card_position IS 'Position of the indicator in the card''s indicators list, from 1.';
