-- The wellbeing report: per indicator the area publishes, the latest value of its headline
-- series, with the previous period and the change (report.latest_value), and the comparison
-- areas' values in the same period and group; one row per indicator and comparison area.
-- The headline group is everyone (total.total.total) where published, else the group with the
-- fewest parts: the indicator's own scope, such as the 14-16-year-olds a school survey asks.
-- Every filter names the area, so the fact scans read only its rows at national scale.
WITH headline AS (
    SELECT *
    FROM report.latest_value
    WHERE area_code = $area
    QUALIFY row_number() OVER (
        PARTITION BY indicator_code
        ORDER BY (sex <> 'total')::INTEGER + (age_group <> 'total')::INTEGER
                     + (language_group <> 'total')::INTEGER,
                 latest_period_start DESC, frequency, group_code) = 1
)
SELECT
    h.indicator_code,
    h.indicator_name_fi,
    h.indicator_name_sv,
    h.indicator_name_en,
    h.unit,
    h.decimals,
    h.group_code,
    h.group_label_fi,
    h.group_label_sv,
    h.group_label_en,
    h.frequency,
    h.latest_period,
    h.latest_value,
    h.latest_status,
    h.previous_period,
    h.previous_value,
    h.previous_status,
    h.change_from_previous,
    h.relative_change_from_previous_percent,
    c.area_code AS comparison_area_code,
    c.value AS comparison_value,
    c.status AS comparison_status
FROM headline h
LEFT JOIN report.time_series c
       ON c.indicator_code = h.indicator_code AND c.group_code = h.group_code
      AND c.period = h.latest_period AND c.area_code IN ($municipality, $county, $country)
ORDER BY h.indicator_code, c.area_code
