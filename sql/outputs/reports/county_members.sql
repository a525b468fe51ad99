-- The municipalities of the report area's wellbeing services county in the period of the
-- area's latest value, per indicator and its main population group ($keys:
-- 'indicator|group'): the county map beside each indicator and, in the county's own report,
-- its municipalities side by side.
WITH latest AS (
    SELECT indicator_code, group_code, frequency, period
    FROM report.indicator_comparison
    WHERE area_code = $area AND is_latest
      AND list_contains($keys, indicator_code || '|' || group_code)
)
SELECT
    c.indicator_code,
    c.area_code,
    c.area_name_fi,
    c.area_name_sv,
    c.area_name_en,
    c.period,
    c.value,
    c.status,
    c.comparison_class,
    c.strength_or_need
FROM report.indicator_comparison c
JOIN latest l USING (indicator_code, group_code, frequency, period)
WHERE c.area_level = 'municipality' AND c.county_code = $county
ORDER BY c.indicator_code, c.area_name_fi
