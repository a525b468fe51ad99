-- Fact rows whose keys do not resolve to a dimension. That the grain is unique is the
-- indicator_values suite's compound-uniqueness expectation, over the same rows (the fact is a
-- view of them): one aggregate over every row is enough.
-- The codes first (three scans of one column each, a few hundred values), then the rows of
-- the unknown ones (NULL among them), if any (a join with nothing to join reads no fact): at
-- national scale three joins of every fact row with a dimension took most of the mart's step.
WITH unknown_area AS (
    SELECT DISTINCT area_code FROM mart.fact_indicator_value
    EXCEPT SELECT area_code FROM mart.dim_area
),
unknown_indicator AS (
    SELECT DISTINCT indicator_code FROM mart.fact_indicator_value
    EXCEPT SELECT indicator_code FROM mart.dim_indicator
),
unknown_group AS (
    SELECT DISTINCT group_code FROM mart.fact_indicator_value
    EXCEPT SELECT group_code FROM mart.dim_population_group
)
SELECT 'unknown area' AS problem, indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
SEMI JOIN unknown_area u ON f.area_code IS NOT DISTINCT FROM u.area_code
UNION ALL
SELECT 'unknown indicator', indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
SEMI JOIN unknown_indicator u ON f.indicator_code IS NOT DISTINCT FROM u.indicator_code
UNION ALL
SELECT 'unknown population group', indicator_code, area_code, period, group_code
FROM mart.fact_indicator_value f
SEMI JOIN unknown_group u ON f.group_code IS NOT DISTINCT FROM u.group_code
