-- The default report areas: a wellbeing services county and its current municipalities, as
-- the area reference says (mart.dim_area), the county first, then the municipalities by name.
SELECT area_code
FROM mart.dim_area
WHERE area_code = $county
   OR (area_level = 'municipality' AND wellbeing_county_code = $county
       AND (valid_until IS NULL OR valid_until >= current_date))
ORDER BY area_level <> 'wellbeing_county', name_fi
