-- report.indicator_comparison: every value of every municipality, wellbeing services county
-- and the whole country beside what a reader judges it by (issue 23), with names in Finnish,
-- Swedish and English: mart.fact_comparison (a table in the published file, computed from the
-- published facts; a view in the restricted file) with the dimensions' names and what the
-- indicator's desirable direction makes of its numbers (rank, strength or need, trend), so
-- that a changed direction shows at once. A filter on area_code (or indicator_code) reaches
-- that table's scan, so one area's page reads its own rows.
--
-- Rules (docs/reports-and-bi.md, "Comparisons and goals"; computed in
-- sql/mart/fact_comparison.sql):
-- - Only values count (status ok or zero): a suppressed, confidential or missing cell has
--   value NULL and is never ranked, classed, in a peer median or a county or country value.
-- - rank: 1 = the most favourable value by the desirable direction (lowest first where lower
--   is better; highest first otherwise), ties share a rank; among the areas of the same level
--   with a value for the same indicator, group and period (rank_count).
-- - comparison_class, by value as Sotkanet shades its tables: highest_20 when fewer than 20 %
--   of those areas have a higher value, lowest_20 when fewer than 20 % have a lower one,
--   middle_60 otherwise (and when ties make both true); NULL under 5 areas with a value.
-- - strength_or_need: the class turned by the direction: for higher, highest_20 = strength
--   and lowest_20 = need; for lower the reverse; middle_60, or direction neither, neutral.
-- - trend: over the series' last five periods up to this one (periods of any status; those
--   with a value are trend_periods, at least 3 or NULL), the least-squares slope times the
--   span of those periods in years = trend_change. Stable when |trend_change| is at most 5 %
--   of the window's mean, and for percentages at most 0.5 percentage points too; else
--   improving or worsening by the direction, increasing or decreasing where it is neither.
-- - peer_group_value: the median of the values of the area's peer group
--   (mart.area_peer_group), the area itself left out; peer_group_count how many there are.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.indicator_comparison AS
SELECT
    c.area_code,
    c.area_level,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    c.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    i.desirable_direction,
    c.group_code,
    c.frequency,
    c.period,
    c.period_start,
    c.is_latest,
    c.value,
    c.status,
    c.county_code,
    c.county_value,
    c.country_value,
    c.peer_group_id,
    pg.name_fi AS peer_group_name_fi,
    pg.name_sv AS peer_group_name_sv,
    pg.name_en AS peer_group_name_en,
    c.peer_group_value,
    c.peer_group_count,
    CASE WHEN i.desirable_direction = 'lower' THEN c.rank_from_lowest
         ELSE c.rank_from_highest END AS rank,
    c.rank_count,
    c.comparison_class,
    CASE WHEN c.comparison_class IS NULL THEN NULL
         WHEN c.comparison_class = 'middle_60' OR i.desirable_direction = 'neither'
             THEN 'neutral'
         WHEN (c.comparison_class = 'highest_20') = (i.desirable_direction = 'higher')
             THEN 'strength'
         ELSE 'need' END AS strength_or_need,
    -- stable within 5 % of the window's mean, for percentages within 0.5 points too
    CASE WHEN c.trend_change IS NULL THEN NULL
         WHEN abs(c.trend_change) <= CASE WHEN i.unit = 'percent'
                                          THEN greatest(0.5, 0.05 * abs(c.trend_mean))
                                          ELSE 0.05 * abs(c.trend_mean) END THEN 'stable'
         WHEN i.desirable_direction = 'neither'
             THEN CASE WHEN c.trend_change > 0 THEN 'increasing' ELSE 'decreasing' END
         WHEN (c.trend_change > 0) = (i.desirable_direction = 'higher') THEN 'improving'
         ELSE 'worsening' END AS trend,
    c.trend_change,
    c.trend_periods,
    g.label_fi AS group_label_fi,
    g.label_sv AS group_label_sv,
    g.label_en AS group_label_en
FROM mart.fact_comparison c
JOIN mart.dim_area a USING (area_code)
JOIN mart.dim_indicator i USING (indicator_code)
JOIN mart.dim_population_group g USING (group_code)
LEFT JOIN mart.dim_peer_group pg USING (peer_group_id);

COMMENT ON VIEW report.indicator_comparison IS 'Every value of every municipality, wellbeing services county and the whole country with what to judge it by: one row per area x indicator x population group x period that has a fact (a value or a status). Beside the value: its wellbeing services county''s and the country''s, its peer group''s median, its rank and class (highest 20 %, middle 60 %, lowest 20 %, as Sotkanet shades its tables) among the areas of its level, the class turned into a strength or a development need by the indicator''s desirable direction, and its trend over the last five periods. Only values count: a suppressed or confidential cell has value NULL and is never ranked, classed or part of a peer, county or country value. Example, Espoo''s latest values: WHERE area_code = ''KU049'' AND is_latest AND group_code = ''total.total.total''. Rules: docs/reports-and-bi.md. From mart.fact_comparison: a table in the published file computed there from the published facts, a view computed when read in the restricted file (tens of seconds per query at national scale).';
COMMENT ON COLUMN report.indicator_comparison.area_code IS 'The area: a municipality (KU049), a wellbeing services county (HVA03) or the whole country (SSS); see mart.dim_area.';
COMMENT ON COLUMN report.indicator_comparison.area_level IS 'municipality, wellbeing_county or country: ranks and classes compare areas of the same level.';
COMMENT ON COLUMN report.indicator_comparison.area_name_fi IS 'Name of the area in Finnish.';
COMMENT ON COLUMN report.indicator_comparison.area_name_sv IS 'Name of the area in Swedish.';
COMMENT ON COLUMN report.indicator_comparison.area_name_en IS 'Name of the area in English.';
COMMENT ON COLUMN report.indicator_comparison.indicator_code IS 'Indicator code (source:id), e.g. sotkanet:189; see mart.dim_indicator.';
COMMENT ON COLUMN report.indicator_comparison.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.indicator_comparison.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.indicator_comparison.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.indicator_comparison.unit IS 'Unit of the values: percent (0-100), per_1000, per_100000, count, index, euro or other.';
COMMENT ON COLUMN report.indicator_comparison.decimals IS 'Decimals the publisher uses for the values; format the values with it.';
COMMENT ON COLUMN report.indicator_comparison.desirable_direction IS 'Which way is better: higher, lower or neither (mart.dim_indicator.desirable_direction).';
COMMENT ON COLUMN report.indicator_comparison.group_code IS 'Population group <sex>.<age group>.<language group>, e.g. total.total.total (everyone); see mart.dim_population_group.';
COMMENT ON COLUMN report.indicator_comparison.frequency IS 'How often the indicator is published: annual, quarterly or monthly.';
COMMENT ON COLUMN report.indicator_comparison.period IS 'Period as published: 2023 (annual), 2024Q1 (quarterly), 2024M06 (monthly).';
COMMENT ON COLUMN report.indicator_comparison.period_start IS 'First day of the period: the time axis, and the column to sort by.';
COMMENT ON COLUMN report.indicator_comparison.is_latest IS 'True for the latest period of this area''s series for the indicator and group (whatever its status).';
COMMENT ON COLUMN report.indicator_comparison.value IS 'The area''s value; NULL unless status is ok or zero.';
COMMENT ON COLUMN report.indicator_comparison.status IS 'Status of the value: ok, zero, missing, not_applicable, confidential, suppressed (small-number protection), not_available, not_asked or empty.';
COMMENT ON COLUMN report.indicator_comparison.county_code IS 'The wellbeing services county of a municipality (HVA03 for Espoo); a county''s own code for a county; NULL for the whole country.';
COMMENT ON COLUMN report.indicator_comparison.county_value IS 'The value of county_code for the same indicator, group and period (for a county, its own); NULL when that is not a number or not published.';
COMMENT ON COLUMN report.indicator_comparison.country_value IS 'The whole country''s (SSS) value for the same indicator, group and period; NULL when that is not a number or not published.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_id IS 'The area''s peer group (mart.area_peer_group): by default a municipality''s size class by population, for a county the wellbeing services counties; raw/report/peer_groups.yaml may name another (Espoo: six_largest). NULL for the country.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_name_fi IS 'Name of the peer group in Finnish.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_name_sv IS 'Name of the peer group in Swedish.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_name_en IS 'Name of the peer group in English.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_value IS 'Median of the values of the peer group''s areas for the same indicator, group and period, the area itself left out; NULL when none of them has a value.';
COMMENT ON COLUMN report.indicator_comparison.peer_group_count IS 'How many of the peer group''s areas (the area itself left out) have a value for the same indicator, group and period: the number the median is of.';
COMMENT ON COLUMN report.indicator_comparison.rank IS 'Rank among the areas of the same level with a value for the same indicator, group and period: 1 = the most favourable by the desirable direction (the lowest value where lower is better, else the highest); ties share a rank. NULL without a value.';
COMMENT ON COLUMN report.indicator_comparison.rank_count IS 'How many areas of the same level have a value for the same indicator, group and period (what rank is out of).';
COMMENT ON COLUMN report.indicator_comparison.comparison_class IS 'Where the value falls among the areas of its level, by value as Sotkanet shades its tables: highest_20 (fewer than 20 % have a higher value), lowest_20 (fewer than 20 % have a lower value), middle_60; says nothing of better or worse (see strength_or_need). NULL without a value or with fewer than 5 areas with a value.';
COMMENT ON COLUMN report.indicator_comparison.strength_or_need IS 'The class turned by the desirable direction: strength (highest_20 where higher is better, lowest_20 where lower is better), need (a development need: the opposite), neutral (middle_60, or direction neither); NULL where comparison_class is.';
COMMENT ON COLUMN report.indicator_comparison.trend IS 'Trend of the series over its last five periods up to this one: improving, worsening or stable where the direction is known, increasing, decreasing or stable where it is neither. Stable: |trend_change| at most 5 % of the window''s mean (for percentages, at most 0.5 percentage points too). NULL with fewer than 3 values in the window.';
COMMENT ON COLUMN report.indicator_comparison.trend_change IS 'Change over the window by least squares: the slope of the values against time times the years between the first and last value in the window, in the unit (for percent: percentage points). NULL with fewer than 3 values.';
COMMENT ON COLUMN report.indicator_comparison.trend_periods IS 'How many of the window''s periods (the last five of the series up to this one) have a value.';
COMMENT ON COLUMN report.indicator_comparison.group_label_fi IS 'Population group in Finnish.';
COMMENT ON COLUMN report.indicator_comparison.group_label_sv IS 'Population group in Swedish.';
COMMENT ON COLUMN report.indicator_comparison.group_label_en IS 'Population group in English.';
