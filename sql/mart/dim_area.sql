-- mart.dim_area: one row per area code. The reference list (raw/reference/areas.csv) wins
-- for names and membership; Sotkanet regions add every other area it publishes data for, and
-- described tables the postal code areas they name with their municipality (Paavo).
-- Postal code areas described tables name with their municipality (pipelines/assets/tables.py
-- replaces it on every build; empty until a table names one).
CREATE TABLE IF NOT EXISTS staging.table_discovered_area (
    area_code VARCHAR, area_level VARCHAR, name_fi VARCHAR, parent_area_code VARCHAR,
    region_code VARCHAR, wellbeing_county_code VARCHAR, source_file VARCHAR
);

CREATE OR REPLACE TABLE mart.dim_area AS
WITH discovered AS (
    SELECT d.area_code, d.area_level, d.name_fi, NULL AS name_sv, NULL AS name_en,
           d.parent_area_code, d.region_code, d.wellbeing_county_code,
           NULL AS sub_region_code, NULL AS successor_area_code, NULL AS valid_until
    FROM staging.table_discovered_area d
    WHERE d.area_code NOT IN (SELECT area_code FROM staging.reference_area)
),
reference AS (
    SELECT area_code, area_level, name_fi, name_sv, name_en, parent_area_code, region_code,
           wellbeing_county_code, sub_region_code, successor_area_code, valid_until,
           'reference' AS defined_by
    FROM staging.reference_area
    UNION ALL
    SELECT *, 'table' FROM discovered
),
sotkanet AS (
    -- Two Sotkanet ids can name one area (an old and a new id); keep the newest id's names.
    SELECT area_code,
           arg_max(area_level, region_id) AS area_level,
           arg_max(name_fi, region_id) AS name_fi,
           arg_max(name_sv, region_id) AS name_sv,
           arg_max(name_en, region_id) AS name_en,
           arg_max(region_id, region_id) AS region_id
    FROM staging.sotkanet_region
    GROUP BY area_code
),
sotkanet_parents AS (
    SELECT r.area_code,
           max(p.parent_area_code) FILTER (WHERE p.parent_level = 'wellbeing_county') AS wellbeing_county_code,
           max(p.parent_area_code) FILTER (WHERE p.parent_level = 'region') AS region_code,
           max(p.parent_area_code) FILTER (WHERE p.parent_level = 'country') AS country_code
    FROM staging.sotkanet_region r
    JOIN staging.sotkanet_region_parent p USING (region_id)
    GROUP BY r.area_code
),
combined AS (
    SELECT
        coalesce(ref.area_code, s.area_code) AS area_code,
        coalesce(ref.area_level, s.area_level) AS area_level,
        coalesce(ref.name_fi, s.name_fi) AS name_fi,
        coalesce(ref.name_sv, s.name_sv) AS name_sv,
        coalesce(ref.name_en, s.name_en, ref.name_fi, s.name_fi) AS name_en,
        coalesce(ref.wellbeing_county_code, sp.wellbeing_county_code) AS wellbeing_county_code,
        coalesce(ref.region_code, sp.region_code) AS region_code,
        ref.parent_area_code AS reference_parent,
        sp.country_code,
        s.region_id AS sotkanet_region_id,
        ref.sub_region_code,
        ref.successor_area_code,
        ref.valid_until::DATE AS valid_until,
        CASE WHEN ref.area_code IS NOT NULL AND s.area_code IS NOT NULL
                  THEN ref.defined_by || '+sotkanet'
             WHEN ref.area_code IS NOT NULL THEN ref.defined_by
             ELSE 'sotkanet' END AS defined_by
    FROM reference ref
    FULL OUTER JOIN sotkanet s USING (area_code)
    LEFT JOIN sotkanet_parents sp ON sp.area_code = coalesce(ref.area_code, s.area_code)
)
SELECT
    area_code,
    area_level,
    name_fi,
    name_sv,
    name_en,
    -- The primary hierarchy: municipality -> wellbeing services county (else region) -> country.
    coalesce(
        reference_parent,
        CASE WHEN area_level = 'municipality' THEN coalesce(wellbeing_county_code, region_code) END,
        CASE WHEN area_level <> 'country' THEN country_code END
    ) AS parent_area_code,
    wellbeing_county_code,
    region_code,
    sotkanet_region_id,
    defined_by,
    sub_region_code,
    successor_area_code,
    valid_until
FROM combined
ORDER BY area_code;

COMMENT ON TABLE mart.dim_area IS 'Areas in Statistics Finland-style codes: KU municipality, HVA wellbeing services county, MK region (maakunta), SK sub-region, SSS whole country; other Sotkanet region categories as SOTKANET_<CATEGORY>_<code>. One row per area_code.';
COMMENT ON COLUMN mart.dim_area.area_code IS 'Area code, e.g. KU049 (Espoo), HVA03 (Western Uusimaa wellbeing services county), MK01 (Uusimaa), SSS (whole country).';
COMMENT ON COLUMN mart.dim_area.area_level IS 'Level of the area: country, wellbeing_county, region, sub_region, municipality, hospital_district, ... (see README, Area codes).';
COMMENT ON COLUMN mart.dim_area.name_fi IS 'Name in Finnish.';
COMMENT ON COLUMN mart.dim_area.name_sv IS 'Name in Swedish.';
COMMENT ON COLUMN mart.dim_area.name_en IS 'Name in English (the Finnish name where no English one is published).';
COMMENT ON COLUMN mart.dim_area.parent_area_code IS 'Parent in the primary hierarchy: a municipality belongs to its wellbeing services county, a county or region to the whole country (SSS).';
COMMENT ON COLUMN mart.dim_area.wellbeing_county_code IS 'For municipalities: the wellbeing services county (HVA..) it belongs to.';
COMMENT ON COLUMN mart.dim_area.region_code IS 'For municipalities and sub-regions: the region (maakunta, MK..) it belongs to.';
COMMENT ON COLUMN mart.dim_area.sotkanet_region_id IS 'THL Sotkanet internal region id, where Sotkanet publishes data for the area.';
COMMENT ON COLUMN mart.dim_area.defined_by IS 'Where the area comes from: reference (raw/reference/areas.csv, from Statistics Finland''s classifications), sotkanet (regions.json), table (a postal code area a described table names with its municipality, e.g. Paavo''s 00100  Helsinki keskusta - Etu-Töölö (Helsinki)), or reference+sotkanet.';
COMMENT ON COLUMN mart.dim_area.sub_region_code IS 'For municipalities: the sub-region (seutukunta, SK..) it belongs to.';
COMMENT ON COLUMN mart.dim_area.successor_area_code IS 'For a former municipality (area_level former_municipality, merged since 2009): the municipality it became part of. Its older values stay under its own code.';
COMMENT ON COLUMN mart.dim_area.valid_until IS 'For a former municipality: its last day before the merger.';
