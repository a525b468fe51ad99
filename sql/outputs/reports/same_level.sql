-- Every area of the report area's level in the period of the area's latest value, per
-- indicator and its main population group ($keys: 'indicator|group'): the values behind the
-- rank strip. Status and class travel with the value: a suppressed area has no value.
WITH latest AS (
    SELECT indicator_code, group_code, frequency, period
    FROM report.indicator_comparison
    WHERE area_code = $area AND is_latest
      AND list_contains($keys, indicator_code || '|' || group_code)
)
SELECT
    c.indicator_code,
    c.area_code,
    c.county_code,
    c.value,
    c.status,
    c.comparison_class,
    c.strength_or_need
FROM report.indicator_comparison c
JOIN latest l USING (indicator_code, group_code, frequency, period)
WHERE c.area_level = $level
ORDER BY c.indicator_code, c.area_code
