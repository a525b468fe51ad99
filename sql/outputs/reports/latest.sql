-- The area's latest value of every indicator and population group, with its comparisons
-- (report.indicator_comparison: county, country, peer group, rank, class, trend). The view's
-- values are the published, protected ones: a suppressed cell has no value.
SELECT
    indicator_code,
    group_code,
    frequency,
    period,
    period_start,
    value,
    status,
    county_value,
    country_value,
    peer_group_id,
    peer_group_name_fi,
    peer_group_name_sv,
    peer_group_name_en,
    peer_group_value,
    peer_group_count,
    rank,
    rank_count,
    comparison_class,
    strength_or_need,
    trend,
    trend_change,
    trend_periods
FROM report.indicator_comparison
WHERE area_code = $area AND is_latest
ORDER BY indicator_code, group_code
