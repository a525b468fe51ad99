-- Published totals that their parts do not add up to (within rounding): for additive
-- indicators (counts), male + female against total, and fi + sv + other against all
-- languages, wherever every cell involved is a published number. Kept in
-- staging.totals_mismatch and worked out again only for the indicators whose staged values
-- changed (a total and its parts lie within one indicator), or for all when $all
-- (pipelines/checks/changed_parts.py).
CREATE TABLE IF NOT EXISTS staging.totals_mismatch (
    parts_of VARCHAR, indicator_code VARCHAR, area_code VARCHAR, period VARCHAR,
    within VARCHAR, total DOUBLE, parts_sum DOUBLE
);

DELETE FROM staging.totals_mismatch
WHERE $all OR list_contains($indicators::VARCHAR[], indicator_code);

INSERT INTO staging.totals_mismatch
WITH v AS (
    SELECT v.*, coalesce(i.decimals, 0) AS decimals
    FROM staging.indicator_values v
    JOIN staging.all_indicators i USING (indicator_code)
    WHERE i.additive
      -- A function, not IN (subquery): pushed into the scan of the staged rows.
      AND ($all OR list_contains($indicators::VARCHAR[], v.indicator_code))
),
by_sex AS (
    SELECT 'sex' AS parts_of, indicator_code, area_code, period, age_group || '.' || language_group AS within,
           max(value) FILTER (WHERE sex = 'total') AS total,
           sum(value) FILTER (WHERE sex <> 'total') AS parts_sum,
           count(*) FILTER (WHERE sex <> 'total') AS parts,
           bool_and(status IN ('ok', 'zero')) AS all_published,
           max(decimals) AS decimals
    FROM v GROUP BY ALL
),
by_language AS (
    SELECT 'language_group', indicator_code, area_code, period, sex || '.' || age_group,
           max(value) FILTER (WHERE language_group = 'total'),
           sum(value) FILTER (WHERE language_group <> 'total'),
           count(*) FILTER (WHERE language_group <> 'total'),
           bool_and(status IN ('ok', 'zero')),
           max(decimals)
    FROM v GROUP BY ALL
)
SELECT parts_of, indicator_code, area_code, period, within, total, parts_sum
FROM (SELECT * FROM by_sex UNION ALL SELECT * FROM by_language)
WHERE all_published AND total IS NOT NULL
  AND parts = CASE parts_of WHEN 'sex' THEN 2 ELSE 3 END
  AND abs(total - parts_sum) > 0.5 * parts * power(10, -decimals);
