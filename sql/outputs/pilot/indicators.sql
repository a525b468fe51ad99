-- The pilot's indicators in youth.yaml's order, with their inputs and whether the mart has
-- them.
SELECT
    i.indicator_id, i.position, i.theme, i.kind, i.name_fi, i.name_sv, i.name_en, i.age_band,
    i.desirable_direction, i.per, i.unit, i.decimals, i.min_gap, i.source_ids,
    list(n.value_code ORDER BY n.position) AS value_codes,
    list(n.population_code ORDER BY n.position) FILTER (WHERE n.population_code IS NOT NULL)
        AS population_codes,
    list(n.sample_size_code ORDER BY n.position) FILTER (WHERE n.sample_size_code IS NOT NULL)
        AS sample_size_codes,
    bool_and(n.in_mart) AS in_mart
FROM mart.youth_pilot_indicator i
JOIN mart.youth_pilot_input n USING (indicator_id)
GROUP BY ALL
ORDER BY i.position;
