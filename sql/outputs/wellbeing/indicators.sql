-- The wellbeing report: which of the indicator codes themes.yaml names the mart has, with
-- their names (a theme lists the ones the area has no value for by name).
SELECT indicator_code, name_fi, name_sv, name_en
FROM mart.dim_indicator
WHERE indicator_code IN (SELECT unnest($codes))
