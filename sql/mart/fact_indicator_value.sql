-- mart.fact_indicator_value: one row per indicator x area x period x population group,
-- from the clean staged values of every source. A view in the work database: the facts are
-- written once, by publishing (as protected.fact_indicator_value, a table in the published
-- file), not copied here first. At national scale that copy was a tenth of the build.
CREATE OR REPLACE VIEW mart.fact_indicator_value AS
SELECT
    indicator_code,
    area_code,
    period,
    frequency,
    period_start,
    group_code,
    value,
    absolute_value,
    status,
    source,
    source_file,
    flag
FROM staging.indicator_values;

COMMENT ON VIEW mart.fact_indicator_value IS 'Indicator values: one row per indicator_code x area_code x period x group_code. status says why a value is what it is; value is NULL unless status is ok or zero.';
COMMENT ON COLUMN mart.fact_indicator_value.indicator_code IS 'Indicator (mart.dim_indicator.indicator_code), e.g. sotkanet:189.';
COMMENT ON COLUMN mart.fact_indicator_value.area_code IS 'Area (mart.dim_area.area_code), e.g. KU049.';
COMMENT ON COLUMN mart.fact_indicator_value.period IS 'Period as published: the year (2023) for annual data, 2024H1 half-yearly, 2024Q1 quarterly, 2024M01 monthly, 2024W05 weekly (ISO week), 2024-01-28 daily, 2018-2020 a span of years.';
COMMENT ON COLUMN mart.fact_indicator_value.frequency IS 'annual, half_yearly, quarterly, monthly, weekly, daily or multi_year.';
COMMENT ON COLUMN mart.fact_indicator_value.period_start IS 'First day of the period, for sorting and time axes.';
COMMENT ON COLUMN mart.fact_indicator_value.group_code IS 'Population group (mart.dim_population_group.group_code), e.g. total.total.total.';
COMMENT ON COLUMN mart.fact_indicator_value.value IS 'The primary value in the indicator''s unit (mart.dim_indicator.unit); NULL when status is not ok or zero.';
COMMENT ON COLUMN mart.fact_indicator_value.absolute_value IS 'The absolute number behind the value (e.g. the count behind a percentage), where published.';
COMMENT ON COLUMN mart.fact_indicator_value.status IS 'Why the value is what it is: ok, missing, not_applicable, confidential (suppressed by the publisher), suppressed (our small-number rule), zero.';
COMMENT ON COLUMN mart.fact_indicator_value.source IS 'Source system of the row (sotkanet, ...).';
COMMENT ON COLUMN mart.fact_indicator_value.flag IS 'What the publisher marked the value or its period as: preliminary (e.g. 2024Q1*), revised, estimate, forecast, break_in_series or low_reliability (several: comma-separated); NULL when unmarked. From the publisher''s markers, as the table''s description reads them (markers:).';
COMMENT ON COLUMN mart.fact_indicator_value.source_file IS 'Raw file the row was read from, relative to the raw directory.';
