-- Fact rows whose keys do not resolve to a dimension, or that repeat a grain cell.
SELECT 'unknown area' AS problem, indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_area d WHERE d.area_code = f.area_code)
UNION ALL
SELECT 'unknown indicator', indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_indicator d WHERE d.indicator_code = f.indicator_code)
UNION ALL
SELECT 'unknown population group', indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_population_group d WHERE d.group_code = f.group_code)
UNION ALL
SELECT 'duplicate grain cell', indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value
GROUP BY indicator_code, area_code, period, group_code
HAVING count(*) > 1
