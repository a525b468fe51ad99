-- report.small_area_spread: how far apart a municipality's small areas (postal code areas,
-- districts) are, per indicator, period and population group, over the published facts. Two
-- measures (docs/maps.md#segregation-by-small-area):
--   quintile_ratio: the mean value of the highest fifth of the areas over the mean of the
--     lowest fifth (n areas with a number, k = floor(n / 5) at each end; areas are the units,
--     unweighted); for rates, shares, means and medians, not counts (a count says how big an
--     area is more than anything else). Needs 5 areas.
--   dissimilarity_index: for counts by language group (fi, sv, other), the share (%) of a
--     language group that would have to live in another area for the group to be spread like
--     everyone else: 50 x sum over areas |g_i / G - r_i / R| (g the group, r the rest of the
--     area's population, fi + sv + other). Needs 2 areas.
-- Only cells with a number enter a measure (status ok or zero): a suppressed, confidential or
-- missing small area is left out, never counted as a value, and areas_left_out says how many
-- were. A key with too few areas has its row with value NULL.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.small_area_spread AS
WITH small AS (
    SELECT f.indicator_code, f.period, f.period_start, f.frequency, f.group_code, f.area_code,
           a.parent_area_code AS municipality_code, a.area_level AS small_area_level,
           CASE WHEN f.status IN ('ok', 'zero') THEN f.value END AS number,
           i.unit
    FROM mart.fact_indicator_value f
    JOIN mart.dim_area a USING (area_code)
    JOIN mart.dim_indicator i USING (indicator_code)
    WHERE a.area_level IN ('postal_code_area', 'district')
),
ranked AS (
    SELECT *,
           row_number() OVER key_window AS rank_up,
           count(number) OVER key_window_all AS areas_used
    FROM small
    WHERE unit <> 'count' AND number IS NOT NULL
    WINDOW key_window AS (PARTITION BY municipality_code, small_area_level, indicator_code,
                                       frequency, period, group_code
                          ORDER BY number, area_code),
           key_window_all AS (PARTITION BY municipality_code, small_area_level, indicator_code,
                                           frequency, period, group_code)
),
fifths AS (
    SELECT municipality_code, small_area_level, indicator_code, frequency, period, group_code,
           any_value(areas_used) AS areas_used,
           avg(number) FILTER (WHERE rank_up > areas_used - areas_used // 5) AS highest_fifth_mean,
           avg(number) FILTER (WHERE rank_up <= areas_used // 5) AS lowest_fifth_mean
    FROM ranked
    GROUP BY ALL
),
quintile_ratio AS (
    SELECT s.municipality_code, s.small_area_level, s.indicator_code, s.frequency, s.period,
           any_value(s.period_start) AS period_start, s.group_code,
           'quintile_ratio' AS measure, NULL::VARCHAR AS language_group,
           CASE WHEN any_value(q.areas_used) >= 5 AND any_value(q.lowest_fifth_mean) > 0
                THEN any_value(q.highest_fifth_mean) / any_value(q.lowest_fifth_mean) END AS value,
           CASE WHEN any_value(q.areas_used) >= 5 THEN any_value(q.highest_fifth_mean) END
               AS highest_fifth_mean,
           CASE WHEN any_value(q.areas_used) >= 5 THEN any_value(q.lowest_fifth_mean) END
               AS lowest_fifth_mean,
           NULL::DOUBLE AS group_share_percent,
           coalesce(any_value(q.areas_used), 0) AS areas_used,
           count(*) FILTER (WHERE s.number IS NULL) AS areas_left_out
    FROM small s
    LEFT JOIN fifths q USING (municipality_code, small_area_level, indicator_code, frequency,
                              period, group_code)
    WHERE s.unit <> 'count'
    GROUP BY s.municipality_code, s.small_area_level, s.indicator_code, s.frequency, s.period,
             s.group_code
),
by_language AS (
    -- sex.age of the group, its language group apart; counts only.
    SELECT municipality_code, small_area_level, indicator_code, frequency, period, period_start,
           area_code, split_part(group_code, '.', 1) || '.' || split_part(group_code, '.', 2)
               AS base_group,
           split_part(group_code, '.', 3) AS language_group, number
    FROM small
    WHERE unit = 'count' AND split_part(group_code, '.', 3) IN ('fi', 'sv', 'other')
),
areas AS (
    -- One row per area with its three language groups, complete when all three are numbers.
    SELECT municipality_code, small_area_level, indicator_code, frequency, period, base_group,
           area_code, any_value(period_start) AS period_start,
           count(number) = 3 AND count(DISTINCT language_group) = 3 AS complete,
           sum(number) FILTER (WHERE language_group = 'fi') AS fi,
           sum(number) FILTER (WHERE language_group = 'sv') AS sv,
           sum(number) FILTER (WHERE language_group = 'other') AS other
    FROM by_language
    GROUP BY ALL
),
groups AS (
    SELECT a.*, g.language_group,
           CASE g.language_group WHEN 'fi' THEN a.fi WHEN 'sv' THEN a.sv ELSE a.other END
               AS members,
           a.fi + a.sv + a.other AS everyone
    FROM areas a
    CROSS JOIN (VALUES ('fi'), ('sv'), ('other')) g(language_group)
),
totals AS (
    SELECT municipality_code, small_area_level, indicator_code, frequency, period, base_group,
           language_group,
           sum(members) FILTER (WHERE complete) AS group_total,
           sum(everyone) FILTER (WHERE complete) AS total,
           count(*) FILTER (WHERE complete) AS areas_used,
           count(*) FILTER (WHERE NOT complete) AS areas_left_out
    FROM groups
    GROUP BY ALL
),
dissimilarity AS (
    SELECT g.municipality_code, g.small_area_level, g.indicator_code, g.frequency, g.period,
           any_value(g.period_start) AS period_start,
           g.base_group || '.' || g.language_group AS group_code,
           'dissimilarity_index' AS measure, g.language_group,
           CASE WHEN any_value(t.areas_used) >= 2 AND any_value(t.group_total) > 0
                     AND any_value(t.total) > any_value(t.group_total)
                THEN 50 * sum(abs(g.members / t.group_total
                                  - (g.everyone - g.members) / (t.total - t.group_total)))
                         FILTER (WHERE g.complete) END AS value,
           NULL::DOUBLE AS highest_fifth_mean,
           NULL::DOUBLE AS lowest_fifth_mean,
           CASE WHEN any_value(t.total) > 0
                THEN 100 * any_value(t.group_total) / any_value(t.total) END
               AS group_share_percent,
           any_value(t.areas_used) AS areas_used,
           any_value(t.areas_left_out) AS areas_left_out
    FROM groups g
    JOIN totals t USING (municipality_code, small_area_level, indicator_code, frequency, period,
                         base_group, language_group)
    GROUP BY g.municipality_code, g.small_area_level, g.indicator_code, g.frequency, g.period,
             g.base_group, g.language_group
),
measures AS (
    SELECT * FROM quintile_ratio
    UNION ALL BY NAME
    SELECT * FROM dissimilarity
)
SELECT
    m.municipality_code,
    a.name_fi AS municipality_name_fi,
    a.name_sv AS municipality_name_sv,
    a.name_en AS municipality_name_en,
    m.small_area_level,
    m.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    m.frequency,
    m.period,
    m.period_start,
    m.group_code,
    m.measure,
    m.language_group,
    -- Rounded: sums of doubles in parallel come out in the last bits differently from run
    -- to run, and the same facts must give the same view (the exports compare digests).
    round(m.value, 6) AS value,
    round(m.highest_fifth_mean, 6) AS highest_fifth_mean,
    round(m.lowest_fifth_mean, 6) AS lowest_fifth_mean,
    round(m.group_share_percent, 6) AS group_share_percent,
    m.areas_used::INTEGER AS areas_used,
    m.areas_left_out::INTEGER AS areas_left_out
FROM measures m
JOIN mart.dim_area a ON a.area_code = m.municipality_code
JOIN mart.dim_indicator i ON i.indicator_code = m.indicator_code;

COMMENT ON VIEW report.small_area_spread IS 'Differences between a municipality''s small areas (postal code areas, districts) per indicator, period and group, from the published facts: quintile_ratio (mean of the highest fifth of the areas over the mean of the lowest fifth; rates, shares, means, medians) and dissimilarity_index (by language group: % of the group that would have to move to be spread like everyone else). Suppressed and other hidden cells never enter a measure: areas_used and areas_left_out count them.';
COMMENT ON COLUMN report.small_area_spread.municipality_code IS 'The municipality whose small areas are compared (their parent in mart.dim_area).';
COMMENT ON COLUMN report.small_area_spread.municipality_name_fi IS 'Municipality name in Finnish.';
COMMENT ON COLUMN report.small_area_spread.municipality_name_sv IS 'Municipality name in Swedish.';
COMMENT ON COLUMN report.small_area_spread.municipality_name_en IS 'Municipality name in English.';
COMMENT ON COLUMN report.small_area_spread.small_area_level IS 'The small areas compared: postal_code_area or district.';
COMMENT ON COLUMN report.small_area_spread.indicator_code IS 'Indicator code (mart.dim_indicator).';
COMMENT ON COLUMN report.small_area_spread.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.small_area_spread.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.small_area_spread.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.small_area_spread.unit IS 'Unit of the indicator (the quintile ratio''s means are in it).';
COMMENT ON COLUMN report.small_area_spread.frequency IS 'annual, quarterly or monthly.';
COMMENT ON COLUMN report.small_area_spread.period IS 'Period of the facts compared.';
COMMENT ON COLUMN report.small_area_spread.period_start IS 'First day of the period.';
COMMENT ON COLUMN report.small_area_spread.group_code IS 'Population group: for the quintile ratio the group of the values, for the dissimilarity index the language group measured (total.total.sv: Swedish speakers against everyone else).';
COMMENT ON COLUMN report.small_area_spread.measure IS 'quintile_ratio or dissimilarity_index.';
COMMENT ON COLUMN report.small_area_spread.language_group IS 'dissimilarity_index: the language group (fi, sv, other) compared with the rest of the population; NULL for the quintile ratio.';
COMMENT ON COLUMN report.small_area_spread.value IS 'quintile_ratio: highest_fifth_mean / lowest_fifth_mean (1 = no difference); dissimilarity_index: 0-100, the % of the language group that would have to move (0 = spread like everyone else). NULL when too few areas have a number (5 for the ratio, 2 for the index) or the lowest fifth''s mean is 0.';
COMMENT ON COLUMN report.small_area_spread.highest_fifth_mean IS 'quintile_ratio: mean value of the highest fifth of the areas (floor(areas_used / 5) areas).';
COMMENT ON COLUMN report.small_area_spread.lowest_fifth_mean IS 'quintile_ratio: mean value of the lowest fifth of the areas.';
COMMENT ON COLUMN report.small_area_spread.group_share_percent IS 'dissimilarity_index: the language group''s share (%) of the population of the areas used.';
COMMENT ON COLUMN report.small_area_spread.areas_used IS 'Small areas whose numbers entered the measure.';
COMMENT ON COLUMN report.small_area_spread.areas_left_out IS 'Small areas with a row but no number (suppressed, confidential, missing, ...; for the index: any of the three language groups), left out of the measure.';
