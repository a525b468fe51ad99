-- The area's series of each indicator's main population group ($keys: 'indicator|group',
-- the whole population, or the age band the indicator is published for) with its county's,
-- the country's and its peer group's values per period, oldest first.
SELECT
    indicator_code,
    frequency,
    period,
    period_start,
    value,
    status,
    county_value,
    country_value,
    peer_group_value
FROM report.indicator_comparison
WHERE area_code = $area AND list_contains($keys, indicator_code || '|' || group_code)
ORDER BY indicator_code, frequency, period_start, period
