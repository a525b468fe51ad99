-- mart.fact_latest_value: the latest period of every series (indicator x area x population
-- group x frequency) and the period before it, with their values and statuses: what
-- report.latest_value shows with names. A view in the work database; publishing writes it as a
-- table computed from the published facts (with small numbers hidden), so that a dashboard's
-- latest values read 1 row per series instead of sorting every fact.
-- One aggregate, no window: the two latest periods by period_start (a period's start is unique
-- within a series: the key holds the period, and a frequency maps each period to one start).
CREATE OR REPLACE VIEW mart.fact_latest_value AS
WITH series AS (
    SELECT
        indicator_code, area_code, group_code, frequency,
        arg_max(struct_pack(period, period_start, value, status, flag), period_start, 2) AS last_two
    FROM mart.fact_indicator_value
    GROUP BY indicator_code, area_code, group_code, frequency
)
SELECT
    indicator_code,
    area_code,
    group_code,
    frequency,
    last_two[1].period AS latest_period,
    last_two[1].period_start AS latest_period_start,
    last_two[1].value AS latest_value,
    last_two[1].status AS latest_status,
    last_two[1].flag AS latest_flag,
    last_two[2].period AS previous_period,
    last_two[2].period_start AS previous_period_start,
    last_two[2].value AS previous_value,
    last_two[2].status AS previous_status
FROM series;

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
