-- mart.v_project_indicator_trend: for each project, targeted indicator, area and group, the
-- value when the project started, the latest value and the change between them.
-- The start value is the value of the project's start year; when that year has no value yet
-- (data lag one or two years behind) it is the last value before it, and start_period says
-- which period it is. Only values with status ok or zero count.
CREATE OR REPLACE VIEW mart.v_project_indicator_trend AS
WITH links AS (
    SELECT
        l.project_key,
        p.title AS project_title,
        l.indicator_code,
        l.target_area_code AS area_code,
        l.target_group_code AS group_code,
        year(p.start_date) AS start_year
    FROM mart.project_indicator l
    JOIN mart.dim_project p USING (project_key)
),
known AS (
    -- Only the series a project targets: at national scale the facts are tens of millions.
    SELECT f.indicator_code, f.area_code, f.group_code, f.period, f.period_start, f.value
    FROM mart.fact_indicator_value f
    SEMI JOIN (SELECT DISTINCT indicator_code, area_code, group_code FROM links) l
      ON l.indicator_code = f.indicator_code AND l.area_code = f.area_code
     AND l.group_code = f.group_code
    WHERE f.value IS NOT NULL
),
at_start AS (
    SELECT
        l.project_key, l.indicator_code, l.area_code, l.group_code,
        arg_max(k.period, k.period_start) AS start_period,
        arg_max(k.value, k.period_start) AS start_value
    FROM links l
    JOIN known k
      ON k.indicator_code = l.indicator_code AND k.area_code = l.area_code
     AND k.group_code = l.group_code AND year(k.period_start) <= l.start_year
    GROUP BY ALL
),
latest AS (
    SELECT
        indicator_code, area_code, group_code,
        arg_max(period, period_start) AS latest_period,
        arg_max(value, period_start) AS latest_value
    FROM known
    GROUP BY ALL
)
SELECT
    l.project_key,
    l.project_title,
    l.indicator_code,
    i.name_en AS indicator_name_en,
    i.unit,
    l.area_code,
    a.name_en AS area_name_en,
    l.group_code,
    l.start_year,
    s.start_period,
    s.start_value,
    t.latest_period,
    t.latest_value,
    t.latest_value - s.start_value AS change
FROM links l
LEFT JOIN at_start s USING (project_key, indicator_code, area_code, group_code)
LEFT JOIN latest t USING (indicator_code, area_code, group_code)
LEFT JOIN mart.dim_indicator i USING (indicator_code)
LEFT JOIN mart.dim_area a USING (area_code)
ORDER BY l.project_key, l.indicator_code, l.area_code, l.group_code;

COMMENT ON VIEW mart.v_project_indicator_trend IS 'How the indicators the development projects target have moved: for each project, indicator, area and group, the value when the project started, the latest value and the change. From mart.project_indicator, mart.dim_project and mart.fact_indicator_value.';
COMMENT ON COLUMN mart.v_project_indicator_trend.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.v_project_indicator_trend.project_title IS 'Project name.';
COMMENT ON COLUMN mart.v_project_indicator_trend.indicator_code IS 'Indicator (mart.dim_indicator.indicator_code).';
COMMENT ON COLUMN mart.v_project_indicator_trend.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN mart.v_project_indicator_trend.unit IS 'Unit of the values and of the change (percent: percentage points).';
COMMENT ON COLUMN mart.v_project_indicator_trend.area_code IS 'Target area (mart.dim_area.area_code).';
COMMENT ON COLUMN mart.v_project_indicator_trend.area_name_en IS 'Target area name in English.';
COMMENT ON COLUMN mart.v_project_indicator_trend.group_code IS 'Target population group (mart.dim_population_group.group_code).';
COMMENT ON COLUMN mart.v_project_indicator_trend.start_year IS 'Year the project started (of mart.dim_project.start_date); NULL when its start is not known.';
COMMENT ON COLUMN mart.v_project_indicator_trend.start_period IS 'Period of start_value: the start year, or the last period before it when the start year has no value yet.';
COMMENT ON COLUMN mart.v_project_indicator_trend.start_value IS 'Value in the project''s start year (or the last one before it, see start_period); NULL when the start is unknown or no value precedes it.';
COMMENT ON COLUMN mart.v_project_indicator_trend.latest_period IS 'Latest period with a value.';
COMMENT ON COLUMN mart.v_project_indicator_trend.latest_value IS 'Value in latest_period.';
COMMENT ON COLUMN mart.v_project_indicator_trend.change IS 'latest_value - start_value, in the indicator''s unit; 0 when no newer value than the start value has been published yet.';
