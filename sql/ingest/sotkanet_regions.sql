-- Sotkanet regions (from regions.json, registered as sotkanet_regions_input) with
-- Statistics Finland-style area codes. Categories without a Statistics Finland code get
-- SOTKANET_<CATEGORY>_<code>, e.g. SOTKANET_EUROOPPA_040 (see README, "Area codes").
CREATE OR REPLACE TABLE staging.sotkanet_region AS
WITH category_codes (category, area_level, prefix, width) AS (
    VALUES
        ('KUNTA', 'municipality', 'KU', 3),
        ('HYVINVOINTIALUE', 'wellbeing_county', 'HVA', 2),
        ('MAAKUNTA', 'region', 'MK', 2),
        ('SEUTUKUNTA', 'sub_region', 'SK', 3),
        ('SAIRAANHOITOPIIRI', 'hospital_district', 'SHP', 2),
        ('ERVA', 'special_responsibility_area', 'ERVA', 1),
        ('ALUEHALLINTOVIRASTO', 'avi_area', 'AVI', 1),
        ('ELY-KESKUS', 'ely_area', 'ELY', 2),
        ('SUURALUE', 'major_region', 'SA', 1),
        ('NUTS1', 'nuts1', 'FI', 1)
),
regions AS (
    SELECT region_id::BIGINT AS region_id, trim(code::VARCHAR) AS code,
           upper(trim(category::VARCHAR)) AS category,
           trim(name_fi::VARCHAR) AS name_fi, trim(name_sv::VARCHAR) AS name_sv,
           trim(name_en::VARCHAR) AS name_en,
           member_of::BIGINT[] AS member_of
    FROM sotkanet_regions_input
)
SELECT
    r.region_id,
    r.code AS sotkanet_code,
    r.category,
    CASE
        WHEN r.category = 'MAA' THEN 'SSS'
        WHEN c.prefix IS NOT NULL THEN c.prefix || lpad(r.code, c.width, '0')
        ELSE 'SOTKANET_' || regexp_replace(r.category, '[^A-Z0-9]', '_', 'g') || '_' || r.code
    END AS area_code,
    CASE WHEN r.category = 'MAA' THEN 'country'
         ELSE coalesce(c.area_level, 'sotkanet_' || lower(regexp_replace(r.category, '[^A-Za-z0-9]', '_', 'g')))
    END AS area_level,
    r.name_fi, r.name_sv, r.name_en,
    r.member_of
FROM regions r
LEFT JOIN category_codes c USING (category);

-- Parents of each region by level, resolved from memberOf.
CREATE OR REPLACE TABLE staging.sotkanet_region_parent AS
SELECT child.region_id, parent.area_code AS parent_area_code, parent.area_level AS parent_level
FROM (SELECT region_id, unnest(member_of) AS parent_id FROM staging.sotkanet_region) child
JOIN staging.sotkanet_region parent ON parent.region_id = child.parent_id;
