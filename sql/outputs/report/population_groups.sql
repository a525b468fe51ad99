-- report.population_groups: breakdowns by sex, age and language side by side, for the
-- indicator x area x period cells published by population group: one row per group, its parts
-- (sex, age group, language group) as columns, the breakdown it belongs to and the total of
-- that breakdown where published.
-- A part of a group counts as a breakdown where the same cell is also published with that part
-- as total (females, where both sexes together are published too). A part without such a total
-- is the indicator's scope, not a breakdown: a school survey of 14-16-year-olds published by
-- sex is a breakdown by sex, its total the 14-16-year-olds of both sexes.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.population_groups AS
WITH cell AS (
    -- Each value with every group published for the same indicator, area and period, as
    -- lists in group order (one pass over the facts; a BI filter on indicator, area or period
    -- reaches the fact scan through the window's partition).
    SELECT
        f.indicator_code, f.area_code, f.period, f.frequency, f.period_start, f.group_code,
        g.sex, g.age_group, g.language_group, f.value, f.absolute_value, f.status, f.flag,
        list(f.group_code) OVER same_cell AS cell_groups,
        list(f.value) OVER same_cell AS cell_values,
        list(f.status) OVER same_cell AS cell_statuses
    FROM mart.fact_indicator_value f
    JOIN mart.dim_population_group g USING (group_code)
    WINDOW same_cell AS (PARTITION BY f.indicator_code, f.area_code, f.period
                         ORDER BY f.group_code
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
parts AS (
    SELECT
        c.*,
        c.sex <> 'total' AND list_contains(
            c.cell_groups, 'total.' || c.age_group || '.' || c.language_group) AS by_sex,
        c.age_group <> 'total' AND list_contains(
            c.cell_groups, c.sex || '.total.' || c.language_group) AS by_age,
        c.language_group <> 'total' AND list_contains(
            c.cell_groups, c.sex || '.' || c.age_group || '.total') AS by_language
    FROM cell c
),
breakdowns AS (
    SELECT
        p.*,
        coalesce(nullif(concat_ws(' x ', CASE WHEN by_sex THEN 'sex' END,
                                  CASE WHEN by_age THEN 'age' END,
                                  CASE WHEN by_language THEN 'language' END), ''),
                 'total') AS breakdown,
        CASE WHEN by_sex THEN 'total' ELSE sex END || '.'
            || CASE WHEN by_age THEN 'total' ELSE age_group END || '.'
            || CASE WHEN by_language THEN 'total' ELSE language_group END
            AS breakdown_total_group_code
    FROM parts p
    -- Cells published for one group only have nothing to show side by side.
    QUALIFY bool_or(by_sex OR by_age OR by_language)
            OVER (PARTITION BY indicator_code, area_code, period)
),
totals AS (
    SELECT b.*, list_position(b.cell_groups, b.breakdown_total_group_code) AS total_position
    FROM breakdowns b
)
SELECT
    b.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    b.area_code,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    a.area_level,
    b.frequency,
    b.period,
    b.period_start,
    b.breakdown,
    b.group_code,
    g.label_fi AS group_label_fi,
    g.label_sv AS group_label_sv,
    g.label_en AS group_label_en,
    b.sex,
    b.age_group,
    b.language_group,
    b.value,
    b.absolute_value,
    b.status,
    b.flag,
    b.breakdown_total_group_code,
    b.cell_values[b.total_position] AS breakdown_total_value,
    b.cell_statuses[b.total_position] AS breakdown_total_status,
    -- A share of the total only adds up for counts: 12 % of the lonely are not a share of 11 %.
    CASE WHEN i.unit = 'count' AND b.cell_values[b.total_position] > 0
         THEN round(100 * b.value / b.cell_values[b.total_position], 2)
    END AS share_of_breakdown_total_percent
FROM totals b
JOIN mart.dim_indicator i USING (indicator_code)
JOIN mart.dim_area a USING (area_code)
JOIN mart.dim_population_group g USING (group_code);

COMMENT ON VIEW report.population_groups IS 'Breakdowns by sex, age and language side by side: for every indicator, area and period published by population group, one row per group with its parts (sex, age_group, language_group) as columns, the breakdown it belongs to, and the total of that breakdown where published (its own row has breakdown total). Example: WHERE indicator_code = ''county:lonely'' AND area_code = ''KU049'' AND period = ''2023''. From mart.fact_indicator_value and mart.dim_population_group.';
COMMENT ON COLUMN report.population_groups.indicator_code IS 'Indicator code (source:id), e.g. county:lonely; see mart.dim_indicator.';
COMMENT ON COLUMN report.population_groups.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.population_groups.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.population_groups.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.population_groups.unit IS 'Unit of the values: percent (0-100), per_1000, per_100000, count, index, euro or other.';
COMMENT ON COLUMN report.population_groups.decimals IS 'Decimals the publisher uses for the values; format the values with it.';
COMMENT ON COLUMN report.population_groups.area_code IS 'Area code, e.g. KU049 (Espoo); see mart.dim_area.';
COMMENT ON COLUMN report.population_groups.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.population_groups.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.population_groups.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.population_groups.area_level IS 'Level of the area: country, wellbeing_county, region, municipality, district, ...';
COMMENT ON COLUMN report.population_groups.frequency IS 'How often the indicator is published: annual, quarterly or monthly.';
COMMENT ON COLUMN report.population_groups.period IS 'Period as published: 2023 (annual), 2024Q1 (quarterly), 2024M06 (monthly).';
COMMENT ON COLUMN report.population_groups.period_start IS 'First day of the period.';
COMMENT ON COLUMN report.population_groups.breakdown IS 'Which parts of the group break the total down: sex, age, language, or two or three of them joined by x (age x language); total for the row that is the total of the others. A part whose total is not published (the 14-16 of a survey of 14-16-year-olds) is the indicator''s scope, not a breakdown. Filter on it: breakdown = ''sex'' gives females and males, with their total in breakdown_total_value.';
COMMENT ON COLUMN report.population_groups.group_code IS 'Population group <sex>.<age group>.<language group>, e.g. female.14-16.total; see mart.dim_population_group.';
COMMENT ON COLUMN report.population_groups.group_label_fi IS 'Population group in Finnish, e.g. naiset, 14-16-vuotiaat.';
COMMENT ON COLUMN report.population_groups.group_label_sv IS 'Population group in Swedish.';
COMMENT ON COLUMN report.population_groups.group_label_en IS 'Population group in English, e.g. females, aged 14-16.';
COMMENT ON COLUMN report.population_groups.sex IS 'Sex part of the group: total, male or female.';
COMMENT ON COLUMN report.population_groups.age_group IS 'Age part of the group, as published (e.g. 16-24, 65-), or total.';
COMMENT ON COLUMN report.population_groups.language_group IS 'Language part of the group: fi (Finnish speakers), sv (Swedish speakers), other (other languages) or total.';
COMMENT ON COLUMN report.population_groups.value IS 'The group''s value in the unit; NULL unless status is ok or zero.';
COMMENT ON COLUMN report.population_groups.absolute_value IS 'The absolute number behind the value (e.g. the count behind a percentage), where published.';
COMMENT ON COLUMN report.population_groups.status IS 'Status of the value: ok, zero, missing, not_applicable, confidential (suppressed by the publisher), suppressed (small-number rule), not_available, not_asked or empty.';
COMMENT ON COLUMN report.population_groups.breakdown_total_group_code IS 'The group this row is a part of: the group with the broken-down parts as total (female.14-16.total is part of total.14-16.total); the row''s own group when breakdown is total.';
COMMENT ON COLUMN report.population_groups.breakdown_total_value IS 'Value of breakdown_total_group_code for the same indicator, area and period; NULL where that total is not published or not a number.';
COMMENT ON COLUMN report.population_groups.flag IS 'What the publisher marked the value or its period as: preliminary (e.g. 2024Q1*), revised, estimate, forecast, break_in_series or low_reliability (several: comma-separated); NULL when unmarked.';
COMMENT ON COLUMN report.population_groups.breakdown_total_status IS 'Status of breakdown_total_value; NULL where the total is not published.';
COMMENT ON COLUMN report.population_groups.share_of_breakdown_total_percent IS 'value as per cent of breakdown_total_value (2 decimals), for counts only; NULL for percentages and rates, which do not add up, and where a value is missing.';
