-- report.latest_value: the latest period of every series (indicator x area x population group),
-- with the period before it and the change, names joined, for BI cards and tables.
-- The latest period is the latest one published, whatever its status: a confidential or
-- missing latest cell shows as such (value NULL) and never falls back to an older value.
-- A series is also split by frequency, so that a monthly value is compared with the month
-- before and never with an annual value of the same indicator.
-- The series' two latest periods come from mart.fact_latest_value (a table in the published
-- file): a dashboard reads one row per series instead of a window over every fact.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.latest_value AS
SELECT
    s.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    s.area_code,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    a.area_level,
    s.group_code,
    g.label_fi AS group_label_fi,
    g.label_sv AS group_label_sv,
    g.label_en AS group_label_en,
    g.sex,
    g.age_group,
    g.language_group,
    s.frequency,
    s.latest_period,
    s.latest_period_start,
    s.latest_value,
    s.latest_status,
    s.latest_flag,
    s.previous_period,
    s.previous_period_start,
    s.previous_value,
    s.previous_status,
    -- Rounded to the publisher's decimals: 10.1 - 10.3 is -0.2, not -0.2000000000000011.
    round(s.latest_value - s.previous_value, coalesce(i.decimals, 6)) AS change_from_previous,
    -- A relative change of a percentage or of an unknown unit misleads: only for counts,
    -- rates, indices and money, and only from a positive base.
    CASE WHEN i.unit IN ('count', 'per_1000', 'per_100000', 'index', 'euro')
              AND s.previous_value > 0
         THEN round(100 * (s.latest_value - s.previous_value) / s.previous_value, 2)
    END AS relative_change_from_previous_percent
FROM mart.fact_latest_value s
JOIN mart.dim_indicator i USING (indicator_code)
JOIN mart.dim_area a USING (area_code)
JOIN mart.dim_population_group g USING (group_code);

COMMENT ON VIEW report.latest_value IS 'Latest value of every indicator, area and population group, with the previous period''s value and the change: one row per indicator x area x group (x frequency, where an indicator is published at several). The latest period is the latest published, whatever its status: a confidential or missing latest value shows as such, never as an older one. Example: WHERE area_code = ''KU049'' AND group_code = ''total.total.total'' gives Espoo''s latest value of every indicator. From mart.fact_indicator_value and its dimensions.';
COMMENT ON COLUMN report.latest_value.indicator_code IS 'Indicator code (source:id), e.g. sotkanet:127; see mart.dim_indicator.';
COMMENT ON COLUMN report.latest_value.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.latest_value.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.latest_value.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.latest_value.unit IS 'Unit of the values: percent (0-100), per_1000, per_100000, count, index, euro or other.';
COMMENT ON COLUMN report.latest_value.decimals IS 'Decimals the publisher uses for the values; format the values with it.';
COMMENT ON COLUMN report.latest_value.area_code IS 'Area code, e.g. KU049 (Espoo), HVA03 (Western Uusimaa wellbeing services county), SSS (whole country); see mart.dim_area.';
COMMENT ON COLUMN report.latest_value.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.latest_value.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.latest_value.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.latest_value.area_level IS 'Level of the area: country, wellbeing_county, region, municipality, district, ...';
COMMENT ON COLUMN report.latest_value.group_code IS 'Population group <sex>.<age group>.<language group>, e.g. total.total.total (everyone), female.total.total; see mart.dim_population_group.';
COMMENT ON COLUMN report.latest_value.group_label_fi IS 'Population group in Finnish, e.g. naiset.';
COMMENT ON COLUMN report.latest_value.group_label_sv IS 'Population group in Swedish, e.g. kvinnor.';
COMMENT ON COLUMN report.latest_value.group_label_en IS 'Population group in English, e.g. females.';
COMMENT ON COLUMN report.latest_value.sex IS 'Sex part of the group: total, male or female.';
COMMENT ON COLUMN report.latest_value.age_group IS 'Age part of the group, as published (e.g. 16-24, 65-), or total.';
COMMENT ON COLUMN report.latest_value.language_group IS 'Language part of the group: fi, sv, other or total.';
COMMENT ON COLUMN report.latest_value.frequency IS 'How often the indicator is published: annual, quarterly or monthly.';
COMMENT ON COLUMN report.latest_value.latest_period IS 'Latest period published for the series: 2023 (annual), 2024Q1 (quarterly), 2024M06 (monthly).';
COMMENT ON COLUMN report.latest_value.latest_period_start IS 'First day of latest_period.';
COMMENT ON COLUMN report.latest_value.latest_value IS 'Value in latest_period, in the unit; NULL unless latest_status is ok or zero.';
COMMENT ON COLUMN report.latest_value.latest_status IS 'Status of latest_value: ok, zero, missing, not_applicable, confidential (suppressed by the publisher), suppressed (small-number rule), not_available, not_asked or empty.';
COMMENT ON COLUMN report.latest_value.latest_flag IS 'For latest_value: What the publisher marked the value or its period as: preliminary (e.g. 2024Q1*), revised, estimate, forecast, break_in_series or low_reliability (several: comma-separated); NULL when unmarked.';
COMMENT ON COLUMN report.latest_value.previous_period IS 'The period published before latest_period in the same series (usually the one just before it; a gap in the data makes it earlier); NULL when the series has one period.';
COMMENT ON COLUMN report.latest_value.previous_period_start IS 'First day of previous_period.';
COMMENT ON COLUMN report.latest_value.previous_value IS 'Value in previous_period; NULL unless previous_status is ok or zero.';
COMMENT ON COLUMN report.latest_value.previous_status IS 'Status of previous_value (as latest_status).';
COMMENT ON COLUMN report.latest_value.change_from_previous IS 'latest_value - previous_value in the unit (for percent: percentage points), rounded to the publisher''s decimals (6 where none are given); NULL when either value is missing.';
COMMENT ON COLUMN report.latest_value.relative_change_from_previous_percent IS 'Change from previous_value in per cent of it (2 decimals), for counts, rates per 1000 or 100 000, indices and euros; NULL for percentages (see change_from_previous) and when previous_value is missing or not positive.';
