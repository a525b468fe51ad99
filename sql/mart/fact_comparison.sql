-- mart.fact_comparison: every fact of every municipality, wellbeing services county and the
-- whole country beside what a reader judges it by (issue 23): its county's and the country's
-- value, its peer group's median, its ranks (from the highest and from the lowest) and class
-- among the areas of its level, and its least-squares change over the last five periods.
-- report.indicator_comparison adds the names and what the indicator's desirable direction
-- makes of these (rank, strength or need, improving or worsening); the rules are written out
-- there and in docs/reports-and-bi.md ("Comparisons and goals").
--
-- A view in the work database; publishing writes it as a table computed from the published
-- (protected) facts (MATERIALIZED_VIEWS in pipelines/publish/warehouse.py): ranks, classes,
-- medians and trends need every area's values, so a view would rank the whole country for each
-- page that shows one area. Kept narrow and free of the directions and names, which the report
-- view joins: writing names into every row cost more than computing the rest, and a changed
-- direction then changes no row here. Two sorts: the cell's (ranks, classes) and the
-- series' (trend, latest period).
CREATE OR REPLACE VIEW mart.fact_comparison AS
WITH area AS (
    SELECT area_code, area_level,
           CASE area_level WHEN 'municipality' THEN wellbeing_county_code
                           WHEN 'wellbeing_county' THEN area_code END AS county_code
    FROM mart.dim_area
    WHERE area_level IN ('municipality', 'wellbeing_county', 'country')
),
fact AS (
    SELECT f.indicator_code, f.area_code, f.group_code, f.frequency, f.period, f.period_start,
           -- only values count: a suppressed, confidential or missing cell is never a number
           CASE WHEN f.status IN ('ok', 'zero') THEN f.value END AS value, f.status,
           a.area_level, a.county_code,
           -- the period's time in years, for the trend's slope
           year(f.period_start) + (month(f.period_start) - 1) / 12.0 AS t
    FROM mart.fact_indicator_value f
    JOIN area a USING (area_code)
    -- A patched copy of the published file computes the rows of the changed indicators only
    -- (PATCH_VARIABLE in pipelines/publish/incremental.py): said here, at the source, it
    -- reaches the county, country and peer lookups too, which a filter on the result does
    -- not (7.6 s for one indicator at 20 M facts instead of 0.25 s).
    WHERE getvariable('patch_indicators') IS NULL
       OR list_contains(getvariable('patch_indicators'), f.indicator_code)
),
windowed AS (
    SELECT *,
        -- the cell: the areas of the same level, indicator, group and period, highest first
        count(value) OVER cell_all AS rank_count,
        rank() OVER cell AS from_highest,
        count(value) OVER cell AS at_least,  -- values at least this one (ties included)
        -- the series: this area's periods, the last five up to this one
        max(period_start) OVER series_all AS series_latest,
        count(value) OVER recent AS trend_periods,
        regr_slope(value, t) OVER recent AS slope,
        avg(value) OVER recent AS recent_mean,
        max(CASE WHEN value IS NOT NULL THEN t END) OVER recent
            - min(CASE WHEN value IS NOT NULL THEN t END) OVER recent AS recent_span
    FROM fact
    WINDOW cell AS (PARTITION BY indicator_code, group_code, period, area_level
                    ORDER BY value DESC NULLS LAST),
           cell_all AS (PARTITION BY indicator_code, group_code, period, area_level
                        ORDER BY value DESC NULLS LAST
                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
           recent AS (PARTITION BY indicator_code, area_code, group_code, frequency
                      ORDER BY period_start ROWS BETWEEN 4 PRECEDING AND CURRENT ROW),
           series_all AS (PARTITION BY indicator_code, area_code, group_code, frequency
                          ORDER BY period_start
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
-- Each peer group's sorted values per cell, reduced to the few a median needs: the median of
-- all n, and for a member leaving itself out (n - 1 left) the items at the two middle places
-- lo and hi and the ones after them (past the member's own value the list moves up by one).
peer_lists AS (
    SELECT m.peer_group_id, f.indicator_code, f.group_code, f.period,
           list(f.value ORDER BY f.value) AS sorted
    FROM fact f
    JOIN mart.peer_group_member m USING (area_code)
    WHERE f.value IS NOT NULL
    GROUP BY ALL
),
peer_values AS (
    SELECT peer_group_id, indicator_code, group_code, period, len(sorted) AS n,
           (sorted[(len(sorted) + 1) // 2] + sorted[len(sorted) // 2 + 1]) / 2 AS median_all,
           sorted[len(sorted) // 2] AS at_lo, sorted[len(sorted) // 2 + 1] AS after_lo,
           sorted[(len(sorted) - 1) // 2 + 1] AS at_hi,
           sorted[(len(sorted) - 1) // 2 + 2] AS after_hi
    FROM peer_lists
),
compared AS (
    SELECT w.*, ap.peer_group_id, cv.value AS county_value, sv.value AS country_value,
           pm.area_code IS NOT NULL AND w.value IS NOT NULL AS among_peers,
           pv.n, pv.median_all, pv.at_lo, pv.after_lo, pv.at_hi, pv.after_hi
    FROM windowed w
    LEFT JOIN mart.area_peer_group ap USING (area_code)
    LEFT JOIN mart.peer_group_member pm
           ON pm.peer_group_id = ap.peer_group_id AND pm.area_code = w.area_code
    LEFT JOIN peer_values pv
           ON pv.peer_group_id = ap.peer_group_id AND pv.indicator_code = w.indicator_code
          AND pv.group_code = w.group_code AND pv.period = w.period
    LEFT JOIN (SELECT * FROM fact WHERE area_level = 'wellbeing_county') cv
           ON cv.area_code = w.county_code AND cv.indicator_code = w.indicator_code
          AND cv.group_code = w.group_code AND cv.period = w.period
    LEFT JOIN (SELECT * FROM fact WHERE area_level = 'country') sv
           ON sv.indicator_code = w.indicator_code AND sv.group_code = w.group_code
          AND sv.period = w.period
),
classed AS (
    SELECT c.*,
        CASE WHEN c.peer_group_id IS NULL THEN NULL
             ELSE coalesce(c.n, 0) - CASE WHEN c.among_peers THEN 1 ELSE 0 END
        END AS peer_group_count,
        CASE WHEN NOT c.among_peers THEN c.median_all
             WHEN c.n > 1 THEN (
                 -- the middle item(s) of the list without one copy of the own value: an item
                 -- below it keeps its place, from it on the next item takes the place
                 CASE WHEN c.at_lo < c.value THEN c.at_lo ELSE c.after_lo END
               + CASE WHEN c.at_hi < c.value THEN c.at_hi ELSE c.after_hi END) / 2
        END AS peer_group_value,
        c.rank_count - c.at_least + 1 AS from_lowest,
        CASE WHEN c.value IS NULL OR c.rank_count < 5 THEN NULL
             WHEN c.from_highest - 1 < 0.2 * c.rank_count
              AND c.rank_count - c.at_least < 0.2 * c.rank_count THEN 'middle_60'
             WHEN c.from_highest - 1 < 0.2 * c.rank_count THEN 'highest_20'
             WHEN c.rank_count - c.at_least < 0.2 * c.rank_count THEN 'lowest_20'
             ELSE 'middle_60' END AS comparison_class,
        CASE WHEN c.trend_periods >= 3 THEN c.slope * c.recent_span END AS trend_change
    FROM compared c
)
SELECT
    indicator_code,
    area_code,
    group_code,
    frequency,
    period,
    period_start,
    area_level,
    period_start = series_latest AS is_latest,
    value,
    status,
    county_code,
    county_value,
    country_value,
    peer_group_id,
    peer_group_value,
    peer_group_count::INTEGER AS peer_group_count,
    CASE WHEN value IS NOT NULL THEN from_highest END::INTEGER AS rank_from_highest,
    CASE WHEN value IS NOT NULL THEN from_lowest END::INTEGER AS rank_from_lowest,
    rank_count::INTEGER AS rank_count,
    comparison_class,
    trend_change,
    CASE WHEN trend_change IS NOT NULL THEN recent_mean END AS trend_mean,
    trend_periods::INTEGER AS trend_periods
FROM classed
-- Stored by area: a report page's query for one area reads the row groups that hold it (10 ms
-- instead of 150 at 2 M facts) for a sort that costs an eighth more.
ORDER BY area_code, indicator_code, group_code, period_start;

COMMENT ON VIEW mart.fact_comparison IS 'Every fact of every municipality, wellbeing services county and the whole country with what to judge it by, as codes and numbers: its county''s and the country''s value, its peer group''s median, ranks and class among the areas of its level, its change over the last five periods. report.indicator_comparison adds the names and the desirable direction''s reading (rank, strength or need, trend); the rules are in its comments and docs/reports-and-bi.md. A table in the published file, computed there from the published facts; in the restricted file a view computed from its facts when read (at national scale a query over it takes tens of seconds).';
COMMENT ON COLUMN mart.fact_comparison.indicator_code IS 'Indicator code (source:id); see mart.dim_indicator.';
COMMENT ON COLUMN mart.fact_comparison.area_code IS 'A municipality, wellbeing services county or the whole country; see mart.dim_area.';
COMMENT ON COLUMN mart.fact_comparison.group_code IS 'Population group; see mart.dim_population_group.';
COMMENT ON COLUMN mart.fact_comparison.frequency IS 'annual, quarterly or monthly.';
COMMENT ON COLUMN mart.fact_comparison.period IS 'Period as published.';
COMMENT ON COLUMN mart.fact_comparison.period_start IS 'First day of the period.';
COMMENT ON COLUMN mart.fact_comparison.area_level IS 'municipality, wellbeing_county or country.';
COMMENT ON COLUMN mart.fact_comparison.is_latest IS 'The latest period of the area''s series for the indicator and group.';
COMMENT ON COLUMN mart.fact_comparison.value IS 'The value; NULL unless status is ok or zero.';
COMMENT ON COLUMN mart.fact_comparison.status IS 'Status of the value, as in mart.fact_indicator_value.';
COMMENT ON COLUMN mart.fact_comparison.county_code IS 'The municipality''s wellbeing services county, a county''s own code; NULL for the country.';
COMMENT ON COLUMN mart.fact_comparison.county_value IS 'The value of county_code for the same indicator, group and period; NULL when not a number.';
COMMENT ON COLUMN mart.fact_comparison.country_value IS 'The whole country''s value for the same cell; NULL when not a number.';
COMMENT ON COLUMN mart.fact_comparison.peer_group_id IS 'The area''s peer group (mart.area_peer_group).';
COMMENT ON COLUMN mart.fact_comparison.peer_group_value IS 'Median of the peers'' values for the same cell, the area itself left out.';
COMMENT ON COLUMN mart.fact_comparison.peer_group_count IS 'How many peers (the area itself left out) have a value for the cell.';
COMMENT ON COLUMN mart.fact_comparison.rank_from_highest IS 'Rank by value among the areas of the same level with a value for the cell, highest first (ties share a rank); NULL without a value.';
COMMENT ON COLUMN mart.fact_comparison.rank_from_lowest IS 'The same, lowest first.';
COMMENT ON COLUMN mart.fact_comparison.rank_count IS 'Areas of the same level with a value for the cell.';
COMMENT ON COLUMN mart.fact_comparison.comparison_class IS 'highest_20, middle_60 or lowest_20 by value; NULL without a value or under 5 areas with one.';
COMMENT ON COLUMN mart.fact_comparison.trend_change IS 'Least-squares change over the last five periods of the series up to this one, in the unit; NULL under 3 values.';
COMMENT ON COLUMN mart.fact_comparison.trend_mean IS 'Mean of those values (the trend''s stability threshold is a share of it).';
COMMENT ON COLUMN mart.fact_comparison.trend_periods IS 'Periods of the window with a value.';
