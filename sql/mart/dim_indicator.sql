-- mart.dim_indicator: one row per indicator code (source:id).
-- Desirable directions from raw/report/indicators.yaml and the tables' descriptions
-- (pipelines/assets/report_settings.py replaces it on every build; empty until then).
CREATE TABLE IF NOT EXISTS staging.indicator_direction (
    indicator_code VARCHAR, direction VARCHAR, defined_in VARCHAR
);

CREATE OR REPLACE TABLE mart.dim_indicator AS
SELECT
    indicator_code,
    source,
    source_indicator_id,
    name_fi,
    name_sv,
    name_en,
    unit,
    decimals,
    organization,
    -- Described tables: by sex when any of their values is. Only their values are looked at
    -- (a correlated EXISTS joined every staged value, Sotkanet's millions too).
    coalesce(has_sex_breakdown, indicator_code IN (
        SELECT v.indicator_code FROM staging.indicator_values v
        WHERE v.sex <> 'total' AND v.indicator_code IN (
            SELECT indicator_code FROM staging.all_indicators WHERE has_sex_breakdown IS NULL)
    )) AS has_sex_breakdown,
    i.defined_in,
    coalesce(d.direction, 'neither') AS desirable_direction,
    coalesce(d.defined_in, 'default') AS direction_defined_in
FROM staging.all_indicators i
LEFT JOIN staging.indicator_direction d USING (indicator_code)
ORDER BY indicator_code;

COMMENT ON TABLE mart.dim_indicator IS 'Indicators, one row per indicator_code (source:id, e.g. sotkanet:189), with names in Finnish, Swedish and English.';
COMMENT ON COLUMN mart.dim_indicator.indicator_code IS 'Indicator code: source and the source''s own id, e.g. sotkanet:127.';
COMMENT ON COLUMN mart.dim_indicator.source IS 'Where the indicator comes from: sotkanet (THL Sotkanet), statfin (Statistics Finland), county, ngo, ... (the source named in a table''s description).';
COMMENT ON COLUMN mart.dim_indicator.source_indicator_id IS 'The indicator''s id in its source system.';
COMMENT ON COLUMN mart.dim_indicator.name_fi IS 'Indicator name in Finnish, as published.';
COMMENT ON COLUMN mart.dim_indicator.name_sv IS 'Indicator name in Swedish, as published.';
COMMENT ON COLUMN mart.dim_indicator.name_en IS 'Indicator name in English, as published.';
COMMENT ON COLUMN mart.dim_indicator.unit IS 'Unit of the value: percent (a share, 0-100), percent_change and percentage_point (any sign; the latter -100..100), per_1000, per_100000, count (>= 0), index, euro or other. Guards the value-range rule.';
COMMENT ON COLUMN mart.dim_indicator.decimals IS 'Number of decimals the publisher uses for the value, where published.';
COMMENT ON COLUMN mart.dim_indicator.organization IS 'Organisation responsible for the indicator.';
COMMENT ON COLUMN mart.dim_indicator.has_sex_breakdown IS 'True when the indicator is published by sex (male, female) as well as for the total.';
COMMENT ON COLUMN mart.dim_indicator.defined_in IS 'For indicators of described tables: the data files whose descriptions define it.';
COMMENT ON COLUMN mart.dim_indicator.desirable_direction IS 'Which way is better: higher (a higher value is favourable, e.g. a trusted adult at school), lower (e.g. unemployment, loneliness) or neither (e.g. population). Turns the comparison classes of report.indicator_comparison into strengths and development needs, and its trends into improving or worsening. From raw/report/indicators.yaml, else the table''s description (direction:), else neither.';
COMMENT ON COLUMN mart.dim_indicator.direction_defined_in IS 'Where desirable_direction comes from: the file and line (raw/report/indicators.yaml or a table''s description), or default (neither).';
