-- Rows of report.youth_language_gap for one area and/or indicator ($area_code, $indicator_id:
-- NULL for all), in the order the report shows them.
SELECT
    indicator_id, area_code, area_role, frequency, period, period_start, sex, language_group,
    value, status, count_value, population, respondents, ci_low, ci_high, peer_value,
    peer_status, peer_respondents, peer_ci_low, peer_ci_high, gap, gap_ratio, gap_direction,
    comparison_note, previous_period, previous_gap, previous_gap_direction, gap_change,
    indicator_code, source_id, source_file
FROM report.youth_language_gap
WHERE ($area_code IS NULL OR area_code = $area_code)
  AND ($indicator_id IS NULL OR indicator_id = $indicator_id)
ORDER BY indicator_id, area_code, period_start, sex, language_group;
