-- report.area_comparison: every municipality against its wellbeing services county
-- (mart.dim_area.wellbeing_county_code) and the whole country (SSS), side by side, per
-- indicator, period and population group. One row per value the municipality has; the county
-- and country columns are NULL where those areas have no value for the same cell.
-- The default example: WHERE municipality_code = 'KU049' gives Espoo against Western Uusimaa
-- (HVA03) and Finland; a BI filter on municipality_code picks any other municipality.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.area_comparison AS
WITH municipality AS (
    SELECT area_code, name_fi, name_sv, name_en, wellbeing_county_code
    FROM mart.dim_area
    WHERE area_level = 'municipality'
),
country AS (
    SELECT area_code, name_fi, name_sv, name_en
    FROM mart.dim_area
    WHERE area_code = 'SSS'
),
-- The counties' and the country's facts on their own: the joins below then hold those in
-- memory, not every fact (at national scale a join on all facts spilled more than 1 GB).
county_value AS (
    SELECT indicator_code, area_code, period, group_code, value, status
    FROM mart.fact_indicator_value
    WHERE area_code IN (SELECT wellbeing_county_code FROM municipality)
),
country_value AS (
    SELECT indicator_code, area_code, period, group_code, value, status
    FROM mart.fact_indicator_value
    WHERE area_code IN (SELECT area_code FROM country)
)
SELECT
    m.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    m.frequency,
    m.period,
    m.period_start,
    m.group_code,
    g.label_fi AS group_label_fi,
    g.label_sv AS group_label_sv,
    g.label_en AS group_label_en,
    mu.area_code AS municipality_code,
    mu.name_fi AS municipality_name_fi,
    mu.name_sv AS municipality_name_sv,
    mu.name_en AS municipality_name_en,
    m.value AS municipality_value,
    m.status AS municipality_status,
    m.flag AS municipality_flag,
    mu.wellbeing_county_code,
    wc.name_fi AS wellbeing_county_name_fi,
    wc.name_sv AS wellbeing_county_name_sv,
    wc.name_en AS wellbeing_county_name_en,
    cv.value AS wellbeing_county_value,
    cv.status AS wellbeing_county_status,
    co.area_code AS country_code,
    co.name_fi AS country_name_fi,
    co.name_sv AS country_name_sv,
    co.name_en AS country_name_en,
    fv.value AS country_value,
    fv.status AS country_status,
    -- Differences only for rates and shares: a municipality's count minus a county's says
    -- nothing but how much bigger the county is.
    CASE WHEN i.unit IN ('percent', 'per_1000', 'per_100000', 'index')
         THEN round(m.value - cv.value, coalesce(i.decimals, 6)) END AS difference_to_wellbeing_county,
    CASE WHEN i.unit IN ('percent', 'per_1000', 'per_100000', 'index')
         THEN round(m.value - fv.value, coalesce(i.decimals, 6)) END AS difference_to_country
FROM mart.fact_indicator_value m
JOIN municipality mu USING (area_code)
JOIN mart.dim_indicator i USING (indicator_code)
JOIN mart.dim_population_group g USING (group_code)
CROSS JOIN country co
LEFT JOIN mart.dim_area wc ON wc.area_code = mu.wellbeing_county_code
LEFT JOIN county_value cv
       ON cv.indicator_code = m.indicator_code AND cv.area_code = mu.wellbeing_county_code
      AND cv.period = m.period AND cv.group_code = m.group_code
LEFT JOIN country_value fv
       ON fv.indicator_code = m.indicator_code AND fv.area_code = co.area_code
      AND fv.period = m.period AND fv.group_code = m.group_code;

COMMENT ON VIEW report.area_comparison IS 'Every municipality against its wellbeing services county and the whole country, side by side: one row per municipality x indicator x period x population group the municipality has a value for. Default example, Espoo vs Western Uusimaa vs Finland: WHERE municipality_code = ''KU049'' (county HVA03, country SSS). County and country columns are NULL where those areas have no value for the cell. From mart.fact_indicator_value and mart.dim_area (wellbeing_county_code).';
COMMENT ON COLUMN report.area_comparison.indicator_code IS 'Indicator code (source:id), e.g. sotkanet:189; see mart.dim_indicator.';
COMMENT ON COLUMN report.area_comparison.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.area_comparison.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.area_comparison.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.area_comparison.unit IS 'Unit of the values: percent (0-100), per_1000, per_100000, count, index, euro or other. Compare areas on rates and shares; counts differ with the size of the area.';
COMMENT ON COLUMN report.area_comparison.decimals IS 'Decimals the publisher uses for the values; format the values with it.';
COMMENT ON COLUMN report.area_comparison.frequency IS 'How often the indicator is published: annual, quarterly or monthly.';
COMMENT ON COLUMN report.area_comparison.period IS 'Period as published: 2023 (annual), 2024Q1 (quarterly), 2024M06 (monthly).';
COMMENT ON COLUMN report.area_comparison.period_start IS 'First day of the period: the time axis, and the column to sort by.';
COMMENT ON COLUMN report.area_comparison.group_code IS 'Population group <sex>.<age group>.<language group>, e.g. total.total.total (everyone); the same group in all three areas.';
COMMENT ON COLUMN report.area_comparison.group_label_fi IS 'Population group in Finnish.';
COMMENT ON COLUMN report.area_comparison.group_label_sv IS 'Population group in Swedish.';
COMMENT ON COLUMN report.area_comparison.group_label_en IS 'Population group in English.';
COMMENT ON COLUMN report.area_comparison.municipality_code IS 'Municipality, e.g. KU049 (Espoo); filter on it in the BI tool.';
COMMENT ON COLUMN report.area_comparison.municipality_name_fi IS 'Municipality name in Finnish, e.g. Espoo.';
COMMENT ON COLUMN report.area_comparison.municipality_name_sv IS 'Municipality name in Swedish, e.g. Esbo.';
COMMENT ON COLUMN report.area_comparison.municipality_name_en IS 'Municipality name in English.';
COMMENT ON COLUMN report.area_comparison.municipality_value IS 'The municipality''s value; NULL unless municipality_status is ok or zero.';
COMMENT ON COLUMN report.area_comparison.municipality_flag IS 'For municipality_value: What the publisher marked the value or its period as: preliminary (e.g. 2024Q1*), revised, estimate, forecast, break_in_series or low_reliability (several: comma-separated); NULL when unmarked.';
COMMENT ON COLUMN report.area_comparison.municipality_status IS 'Status of municipality_value: ok, zero, missing, not_applicable, confidential, suppressed, not_available, not_asked or empty.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_code IS 'Wellbeing services county the municipality belongs to, e.g. HVA03 (Western Uusimaa) for Espoo; HVA90 for Helsinki, which organises its services itself.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_name_fi IS 'Wellbeing services county name in Finnish.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_name_sv IS 'Wellbeing services county name in Swedish.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_name_en IS 'Wellbeing services county name in English.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_value IS 'The wellbeing services county''s value for the same indicator, period and group; NULL when it is not a number or not published.';
COMMENT ON COLUMN report.area_comparison.wellbeing_county_status IS 'Status of wellbeing_county_value; NULL when the county has no value for the cell.';
COMMENT ON COLUMN report.area_comparison.country_code IS 'The whole country: SSS.';
COMMENT ON COLUMN report.area_comparison.country_name_fi IS 'Name of the whole country in Finnish (Koko maa).';
COMMENT ON COLUMN report.area_comparison.country_name_sv IS 'Name of the whole country in Swedish (Hela landet).';
COMMENT ON COLUMN report.area_comparison.country_name_en IS 'Name of the whole country in English.';
COMMENT ON COLUMN report.area_comparison.country_value IS 'The whole country''s value for the same indicator, period and group; NULL when it is not a number or not published.';
COMMENT ON COLUMN report.area_comparison.country_status IS 'Status of country_value; NULL when the country has no value for the cell.';
COMMENT ON COLUMN report.area_comparison.difference_to_wellbeing_county IS 'municipality_value - wellbeing_county_value in the unit (for percent: percentage points), rounded to the publisher''s decimals (6 where none are given); only for percent, per_1000, per_100000 and index, NULL for counts and where a value is missing.';
COMMENT ON COLUMN report.area_comparison.difference_to_country IS 'municipality_value - country_value in the unit (for percent: percentage points), rounded to the publisher''s decimals (6 where none are given); only for percent, per_1000, per_100000 and index, NULL for counts and where a value is missing.';
