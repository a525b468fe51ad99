-- mart.fact_latest_value: the latest period of every series (indicator x area x population
-- group x frequency) and the period before it, with their values and statuses: what
-- report.latest_value shows with names. A view in the work database; publishing writes it as a
-- table computed from the published facts (with small numbers hidden), so that a dashboard's
-- latest values read 1 row per series instead of sorting every fact.
-- The two latest periods by period_start (a period's start is unique within a series: the key
-- holds the period, and a frequency maps each period to one start), numbered 1 and 2, then one
-- row per series. Written as row_number() <= 2, which DuckDB turns into a top-2 aggregate of
-- the few columns kept: 4 s at 20 M facts, where arg_max(struct_pack(...), period_start, 2)
-- written out took 14-17 s (bench/build_bench.py's publication). A filter on indicator_code
-- (a patched publication's) still reaches the scan: it is a partition key.
CREATE OR REPLACE VIEW mart.fact_latest_value AS
WITH ranked AS (
    SELECT indicator_code, area_code, group_code, frequency,
           period, period_start, value, status, flag,
           row_number() OVER (PARTITION BY indicator_code, area_code, group_code, frequency
                              ORDER BY period_start DESC) AS place
    FROM mart.fact_indicator_value
    QUALIFY place <= 2
)
SELECT
    indicator_code,
    area_code,
    group_code,
    frequency,
    -- one row per place, so any_value is that row's value (NULL included)
    any_value(period) FILTER (WHERE place = 1) AS latest_period,
    any_value(period_start) FILTER (WHERE place = 1) AS latest_period_start,
    any_value(value) FILTER (WHERE place = 1) AS latest_value,
    any_value(status) FILTER (WHERE place = 1) AS latest_status,
    any_value(flag) FILTER (WHERE place = 1) AS latest_flag,
    any_value(period) FILTER (WHERE place = 2) AS previous_period,
    any_value(period_start) FILTER (WHERE place = 2) AS previous_period_start,
    any_value(value) FILTER (WHERE place = 2) AS previous_value,
    any_value(status) FILTER (WHERE place = 2) AS previous_status
FROM ranked
GROUP BY indicator_code, area_code, group_code, frequency;

COMMENT ON VIEW mart.fact_latest_value IS 'Latest and previous period of every series (indicator x area x population group x frequency), with their values and statuses; report.latest_value adds names and changes. The latest period is the latest published, whatever its status. From mart.fact_indicator_value; a table in the published file.';
COMMENT ON COLUMN mart.fact_latest_value.indicator_code IS 'Indicator code (source:id); see mart.dim_indicator.';
COMMENT ON COLUMN mart.fact_latest_value.area_code IS 'Area code; see mart.dim_area.';
COMMENT ON COLUMN mart.fact_latest_value.group_code IS 'Population group <sex>.<age group>.<language group>; see mart.dim_population_group.';
COMMENT ON COLUMN mart.fact_latest_value.frequency IS 'How often the indicator is published: annual, quarterly or monthly.';
COMMENT ON COLUMN mart.fact_latest_value.latest_period IS 'Latest period published for the series.';
COMMENT ON COLUMN mart.fact_latest_value.latest_period_start IS 'First day of latest_period.';
COMMENT ON COLUMN mart.fact_latest_value.latest_value IS 'Value in latest_period; NULL unless latest_status is ok or zero.';
COMMENT ON COLUMN mart.fact_latest_value.latest_status IS 'Status of latest_value, as in mart.fact_indicator_value.status.';
COMMENT ON COLUMN mart.fact_latest_value.latest_flag IS 'The publisher''s marker on the latest value (preliminary, revised, estimate, ...), as in mart.fact_indicator_value.flag; NULL when unmarked.';
COMMENT ON COLUMN mart.fact_latest_value.previous_period IS 'The period published before latest_period in the series; NULL when the series has one period.';
COMMENT ON COLUMN mart.fact_latest_value.previous_period_start IS 'First day of previous_period.';
COMMENT ON COLUMN mart.fact_latest_value.previous_value IS 'Value in previous_period; NULL unless previous_status is ok or zero.';
COMMENT ON COLUMN mart.fact_latest_value.previous_status IS 'Status of previous_value.';
