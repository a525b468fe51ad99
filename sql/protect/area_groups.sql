-- Small-number protection: the additive area groups (pipelines/protect/suppression.py), one row per
-- (hierarchy, total_area_code, member_area_code): every published aggregate whose members are
-- municipalities, assumed to equal the sum of its members' counts.
--   From the reference list (mart.dim_area, raw/reference/areas.csv): wellbeing services
--   county, region (maakunta) and sub-region (seutukunta) of each municipality, and the
--   whole country (an area of level country) = every municipality.
--   From Sotkanet's regions payload (staging.sotkanet_region_parent): every aggregate a
--   municipality (KUNTA) is a member of: sub-region, region, hospital district, ELY, AVI,
--   ERVA, major region, NUTS1, the country, ... (hierarchy sotkanet_<level>).
--   From the reference (mart.dim_area's parent_area_code): a municipality = its areas of one
--   sub-municipal level (districts, postal code areas; hierarchy: their level; issue 24),
--   as sql/protect/pairing.sql says.
-- A member set is taken as complete as its source lists it; one per total and kind (below).
-- Former municipalities are no members: their rows are of the years before the merger.
CREATE OR REPLACE TEMP TABLE protect_area_group AS
WITH area AS (
    SELECT area_code, area_level, wellbeing_county_code, region_code, sub_region_code
    FROM mart.dim_area
),
municipality AS (
    SELECT * FROM area WHERE area_level = 'municipality'
),
reference AS (
    SELECT 'wellbeing_county' AS hierarchy, t.area_code AS total_area_code,
           m.area_code AS member_area_code
    FROM municipality m
    JOIN area t ON t.area_code = m.wellbeing_county_code AND t.area_level = 'wellbeing_county'
    UNION ALL
    SELECT 'region', t.area_code, m.area_code
    FROM municipality m
    JOIN area t ON t.area_code = m.region_code AND t.area_level = 'region'
    UNION ALL
    SELECT 'sub_region', t.area_code, m.area_code
    FROM municipality m
    JOIN area t ON t.area_code = m.sub_region_code AND t.area_level = 'sub_region'
    UNION ALL
    SELECT 'country', t.area_code, m.area_code
    FROM municipality m
    JOIN area t ON t.area_level = 'country'
),
sub_municipal AS (
    SELECT pairing AS hierarchy, total_area_code, member_area_code
    FROM protect_pairing_group
    WHERE pairing <> 'wellbeing_county'
),
sotkanet AS (
    -- protect_sotkanet_membership: from staging.sotkanet_region_parent where the build staged
    -- Sotkanet's regions (sql/protect/sotkanet_membership.sql), else empty
    -- (pipelines/protect/suppression.py)
    SELECT hierarchy, total_area_code, member_area_code FROM protect_sotkanet_membership
),
membership AS (
    SELECT DISTINCT * FROM (FROM reference UNION ALL FROM sotkanet UNION ALL FROM sub_municipal)
),
-- One member set of municipalities per total: Sotkanet's payload where it lists the total (it
-- comes with the data and says which municipalities the data's aggregate holds, mergers
-- since included), else the reference. Two member sets for one total (the payload of 2016
-- and today's reference) would be two equations of which the data satisfy one: their
-- difference would pin cells that nothing reveals. A municipality's sub-municipal levels are
-- each an equation of their own (its districts and its postal code areas both add up to it).
kept AS (
    SELECT hierarchy, total_area_code
    FROM membership
    GROUP BY hierarchy, total_area_code
    QUALIFY row_number() OVER (
        PARTITION BY total_area_code,
                     CASE WHEN hierarchy IN (SELECT hierarchy FROM sub_municipal)
                          THEN hierarchy END
        ORDER BY NOT starts_with(hierarchy, 'sotkanet_'), hierarchy) = 1
)
SELECT hierarchy, total_area_code, member_area_code
FROM membership
SEMI JOIN kept USING (hierarchy, total_area_code)
ORDER BY ALL;
