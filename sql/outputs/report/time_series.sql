-- report.time_series: every value with its names, one row per indicator x area x population
-- group x period, ready for a line chart: period_start is the time axis, one line per area or
-- group. Cells without a number (confidential, missing, ...) stay as rows with value NULL, so
-- a chart shows a gap there, never a zero.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.time_series AS
SELECT
    f.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    f.area_code,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    a.area_level,
    f.group_code,
    g.label_fi AS group_label_fi,
    g.label_sv AS group_label_sv,
    g.label_en AS group_label_en,
    g.sex,
    g.age_group,
    g.language_group,
    f.frequency,
    f.period,
    f.period_start,
    f.value,
    f.absolute_value,
    f.status,
    f.flag,
    f.source
FROM mart.fact_indicator_value f
JOIN mart.dim_indicator i USING (indicator_code)
JOIN mart.dim_area a USING (area_code)
JOIN mart.dim_population_group g USING (group_code);

COMMENT ON VIEW report.time_series IS 'Indicator values over time with their names, ready for a line chart: one row per indicator x area x population group x period; period_start is the time axis. Values that are not numbers (confidential, missing, ...) are rows with value NULL and their status, so a chart shows a gap, never a zero. Example: WHERE indicator_code = ''sotkanet:127'' AND area_code = ''KU049'' AND group_code = ''total.total.total'' ORDER BY period_start. From mart.fact_indicator_value and its dimensions.';
COMMENT ON COLUMN report.time_series.indicator_code IS 'Indicator code (source:id), e.g. sotkanet:127; see mart.dim_indicator.';
COMMENT ON COLUMN report.time_series.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.time_series.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.time_series.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.time_series.unit IS 'Unit of value: percent (0-100), per_1000, per_100000, count, index, euro or other.';
COMMENT ON COLUMN report.time_series.decimals IS 'Decimals the publisher uses for value; format the values with it.';
COMMENT ON COLUMN report.time_series.area_code IS 'Area code, e.g. KU049 (Espoo), HVA03 (Western Uusimaa wellbeing services county), SSS (whole country); see mart.dim_area.';
COMMENT ON COLUMN report.time_series.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.time_series.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.time_series.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.time_series.area_level IS 'Level of the area: country, wellbeing_county, region, municipality, district, ...';
COMMENT ON COLUMN report.time_series.group_code IS 'Population group <sex>.<age group>.<language group>, e.g. total.total.total (everyone), female.total.total; see mart.dim_population_group.';
COMMENT ON COLUMN report.time_series.group_label_fi IS 'Population group in Finnish, e.g. naiset.';
COMMENT ON COLUMN report.time_series.group_label_sv IS 'Population group in Swedish, e.g. kvinnor.';
COMMENT ON COLUMN report.time_series.group_label_en IS 'Population group in English, e.g. females.';
COMMENT ON COLUMN report.time_series.sex IS 'Sex part of the group: total, male or female.';
COMMENT ON COLUMN report.time_series.age_group IS 'Age part of the group, as published (e.g. 16-24, 65-), or total.';
COMMENT ON COLUMN report.time_series.language_group IS 'Language part of the group: fi, sv, other or total.';
COMMENT ON COLUMN report.time_series.frequency IS 'How often the indicator is published: annual, quarterly or monthly. Keep one frequency per chart.';
COMMENT ON COLUMN report.time_series.flag IS 'What the publisher marked the value or its period as: preliminary (e.g. 2024Q1*), revised, estimate, forecast, break_in_series or low_reliability (several: comma-separated); NULL when unmarked.';
COMMENT ON COLUMN report.time_series.period IS 'Period as published, the label of the time axis: 2023 (annual), 2024Q1 (quarterly), 2024M06 (monthly).';
COMMENT ON COLUMN report.time_series.period_start IS 'First day of the period: the time axis, and the column to sort by.';
COMMENT ON COLUMN report.time_series.value IS 'The value in the unit; NULL unless status is ok or zero.';
COMMENT ON COLUMN report.time_series.absolute_value IS 'The absolute number behind the value (e.g. the count behind a percentage), where published.';
COMMENT ON COLUMN report.time_series.status IS 'Status of the value: ok, zero, missing, not_applicable, confidential (suppressed by the publisher), suppressed (small-number rule), not_available, not_asked or empty.';
COMMENT ON COLUMN report.time_series.source IS 'Source system of the value: sotkanet, statfin, county, ngo, derived, ...';
