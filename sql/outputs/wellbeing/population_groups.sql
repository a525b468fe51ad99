-- The wellbeing report's breakdowns: for each charted indicator published by population group
-- in the area, every group of the latest period so published (report.population_groups), in
-- the headline series' frequency. Suppressed, confidential and missing cells stay rows with
-- their status and no value.
WITH wanted AS (
    SELECT unnest($indicators) AS indicator_code, unnest($frequencies) AS frequency
)
SELECT
    p.indicator_code,
    p.period,
    p.breakdown,
    p.group_code,
    p.group_label_fi,
    p.group_label_sv,
    p.group_label_en,
    p.value,
    p.status
FROM report.population_groups p
JOIN wanted w USING (indicator_code, frequency)
WHERE p.area_code = $area
QUALIFY p.period_start = max(p.period_start) OVER (PARTITION BY p.indicator_code)
ORDER BY p.indicator_code,
         CASE p.breakdown WHEN 'total' THEN 0 WHEN 'sex' THEN 1 WHEN 'age' THEN 2
                          WHEN 'language' THEN 3 ELSE 4 END,
         p.breakdown, p.group_code
