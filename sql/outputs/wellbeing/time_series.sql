-- The wellbeing report's line charts: the headline series (indicator, group, frequency, as
-- latest_values.sql chose them) of the charted indicators, for the area and the areas it is
-- compared with. Cells without a number keep their status (value NULL): the chart labels them.
WITH wanted AS (
    SELECT unnest($indicators) AS indicator_code, unnest($groups) AS group_code,
           unnest($frequencies) AS frequency
)
SELECT t.indicator_code, t.area_code, t.period, t.period_start, t.value, t.status
FROM report.time_series t
JOIN wanted w USING (indicator_code, group_code, frequency)
WHERE t.area_code IN ($area, $municipality, $county, $country)
ORDER BY t.indicator_code, t.area_code, t.period_start, t.period
