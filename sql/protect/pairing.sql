-- Small-number protection, the groups the decision pairs hidden cells within, group by group
-- (pipelines/protect/suppression.py; the other area hierarchies get boxes: box_setup.sql):
--   a wellbeing services county = its municipalities (mart.dim_area), which keeps every
--   aggregate holding the whole county (the country, a major region) balanced;
--   a municipality = its areas of one sub-municipal level (districts, postal code areas: the
--   reference's and the data's areas whose parent is the municipality; not its former
--   municipalities, whose rows are of other years). That those add up is declared by the
--   reference listing them under their municipality; where the data's counts do not add up
--   (a list of areas that misses some), the audit grants a reader the exact difference, as
--   for every hierarchy, which can only hide more.
CREATE OR REPLACE TEMP VIEW protect_pairing_group AS
SELECT 'wellbeing_county' AS pairing, c.area_code AS total_area_code,
       m.area_code AS member_area_code
FROM mart.dim_area m
JOIN mart.dim_area c ON c.area_code = m.wellbeing_county_code
                    AND c.area_level = 'wellbeing_county'
WHERE m.area_level = 'municipality'
UNION ALL
SELECT s.area_level, p.area_code, s.area_code
FROM mart.dim_area s
JOIN mart.dim_area p ON p.area_code = s.parent_area_code AND p.area_level = 'municipality'
WHERE s.area_level NOT IN ('municipality', 'former_municipality');
