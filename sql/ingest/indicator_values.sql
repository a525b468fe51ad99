-- All clean values of every source, in the one canonical long format the mart is built from:
-- the sources' own values, then the indicators derived from them (sql/derived/).
CREATE OR REPLACE VIEW staging.base_values AS
SELECT * FROM staging.sotkanet_values
UNION ALL BY NAME
SELECT * FROM staging.table_values;

CREATE TABLE IF NOT EXISTS staging.derived_values AS
SELECT * FROM staging.base_values WHERE false;

CREATE TABLE IF NOT EXISTS staging.derived_indicator (
    indicator_code VARCHAR PRIMARY KEY,
    name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR,
    unit VARCHAR, decimals INTEGER,
    derived_from VARCHAR[],
    definition VARCHAR
);

CREATE OR REPLACE VIEW staging.indicator_values AS
SELECT * FROM staging.base_values
UNION ALL BY NAME
SELECT * FROM staging.derived_values;

-- Every indicator of every source, for the rules and dim_indicator.
CREATE OR REPLACE VIEW staging.all_indicators AS
SELECT indicator_code, 'sotkanet' AS source, indicator_id::VARCHAR AS source_indicator_id,
       name_fi, name_sv, name_en, unit, decimals, organization,
       list_contains(sex_values, 'male') AS has_sex_breakdown,
       unit = 'count' AS additive, NULL AS defined_in
FROM staging.sotkanet_indicator
UNION ALL
SELECT indicator_code, source, indicator_id, name_fi, name_sv, name_en, unit, decimals,
       NULL AS organization, NULL AS has_sex_breakdown, additive, defined_in
FROM staging.table_indicator
UNION ALL
SELECT indicator_code, 'derived', split_part(indicator_code, ':', 2), name_fi, name_sv, name_en,
       unit, decimals, NULL, NULL, false,
       'derived from ' || array_to_string(derived_from, ', ') || ': ' || definition
FROM staging.derived_indicator;

-- Postal code areas described tables name with their municipality (pipelines/assets/tables.py
-- replaces it on every build; empty until a table names one).
CREATE TABLE IF NOT EXISTS staging.table_discovered_area (
    area_code VARCHAR, area_level VARCHAR, name_fi VARCHAR, parent_area_code VARCHAR,
    region_code VARCHAR, wellbeing_county_code VARCHAR, source_file VARCHAR
);

-- Every known area (reference list, Sotkanet regions, postal code areas tables name), for the
-- rules.
CREATE OR REPLACE VIEW staging.all_areas AS
SELECT area_code FROM staging.reference_area
UNION
SELECT area_code FROM staging.sotkanet_region
UNION
SELECT area_code FROM staging.table_discovered_area;
