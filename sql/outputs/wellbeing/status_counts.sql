-- The wellbeing report's data quality: cells by status per source, indicator and area, for the
-- report's area and the areas it is compared with ('ok' and 'zero' hold a number; 'missing',
-- 'confidential', 'suppressed' and the rest do not). Counted in SQL, by area: at national
-- scale the facts hold tens of millions of rows.
SELECT f.source, f.indicator_code, i.name_fi, i.name_sv, i.name_en, f.area_code, f.status,
       count(*) AS cells
FROM mart.fact_indicator_value f
JOIN mart.dim_indicator i USING (indicator_code)
WHERE f.area_code IN ($area, $municipality, $county, $country)
GROUP BY ALL
ORDER BY f.source, f.indicator_code, f.area_code, f.status
