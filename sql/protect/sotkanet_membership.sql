-- Small-number protection: every aggregate a municipality (KUNTA) is a member of in Sotkanet's
-- regions payload (sub-region, region, hospital district, ELY, AVI, ERVA, major region, NUTS1,
-- the country, ...), for area_groups.sql; hierarchy sotkanet_<level>.
CREATE OR REPLACE TEMP VIEW protect_sotkanet_membership AS
SELECT 'sotkanet_' || p.parent_level AS hierarchy, p.parent_area_code AS total_area_code,
       c.area_code AS member_area_code
FROM staging.sotkanet_region_parent p
JOIN staging.sotkanet_region c USING (region_id)
WHERE c.category = 'KUNTA' AND p.parent_area_code <> c.area_code;
