-- The county's index page: the county and its municipalities side by side on the headline
-- indicators, each at its latest period, with class and strength or need; the whole
-- population and the age bands (sex and language total), of which the caller takes the
-- indicator's main group.
SELECT
    area_code,
    indicator_code,
    group_code,
    period,
    value,
    status,
    rank,
    rank_count,
    comparison_class,
    strength_or_need
FROM report.indicator_comparison
WHERE (area_code = $county OR (area_level = 'municipality' AND county_code = $county))
  AND regexp_matches(group_code, '^total\.[^.]+\.total$') AND is_latest
  AND list_contains($codes, indicator_code)
ORDER BY indicator_code, area_code
