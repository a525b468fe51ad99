-- Fact rows whose keys do not resolve to a dimension. That the grain is unique is the
-- indicator_values suite's compound-uniqueness expectation, over the same rows (the fact is a
-- view of them): one aggregate over every row is enough.
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
