-- The pilot's cells that are not numbers, by indicator, area and why (status): hidden by
-- small-number protection (suppressed), by the publisher (confidential), missing, ...; with
-- the language groups and periods they fall in. Listed from the data, for the report's
-- "what the data cannot tell".
SELECT
    g.indicator_id, g.area_code, g.status,
    count(*) AS cells,
    list(DISTINCT g.language_group ORDER BY g.language_group) AS language_groups,
    list(DISTINCT g.period ORDER BY g.period) AS periods
FROM report.youth_language_gap g
JOIN report.youth_pilot_area a USING (area_code)
WHERE g.status NOT IN ('ok', 'zero')
GROUP BY ALL
ORDER BY g.indicator_id, any_value(a.area_order), g.area_code, g.status;
