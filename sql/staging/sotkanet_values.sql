-- Type and resolve every staged Sotkanet row, apply the row rules, and split the rows:
-- clean rows to staging.sotkanet_values (the canonical long format every source shares),
-- failed rows to quality.quarantine with the first rule they break and a readable message.
-- Parameters: $min_year, $max_year (plausible years), $run_id.
-- A table in the work file, not a TEMP one: temp tables live in memory.
CREATE OR REPLACE TABLE staging.sotkanet_checked AS
WITH typed AS (
    SELECT
        r.source_file, r.row_number, r.raw_record, r.parse_error,
        r.indicator AS indicator_raw, r.region AS region_raw, r.year AS year_raw,
        r.gender AS gender_raw, r.primary_value AS value_raw, r.absolute_value AS absolute_raw,
        trim(r.indicator) AS indicator_text,
        trim(r.region) AS region_text,
        trim(r.year) AS year_text,
        lower(trim(r.gender)) AS sex,
        nullif(trim(r.primary_value), '') AS value_text,
        nullif(trim(r.absolute_value), '') AS absolute_text,
        TRY_CAST(trim(r.year) AS INTEGER) AS year,
        -- Sotkanet writes a decimal point; some CSV exports a decimal comma. No thousands marks.
        TRY_CAST(replace(nullif(trim(r.primary_value), ''), ',', '.') AS DOUBLE) AS value,
        TRY_CAST(replace(nullif(trim(r.absolute_value), ''), ',', '.') AS DOUBLE) AS absolute_value
    FROM staging.sotkanet_raw r
),
resolved AS (
    SELECT t.*, i.indicator_code, i.unit, i.value_min, i.value_max, i.sex_values,
           g.area_code
    FROM typed t
    LEFT JOIN staging.sotkanet_indicator i ON i.indicator_id = TRY_CAST(t.indicator_text AS BIGINT)
    LEFT JOIN staging.sotkanet_region g ON g.region_id = TRY_CAST(t.region_text AS BIGINT)
)
SELECT *,
    CASE
        WHEN parse_error IS NOT NULL THEN 'malformed_row'
        WHEN indicator_code IS NULL THEN 'unknown_indicator'
        WHEN area_code IS NULL THEN 'unknown_region'
        WHEN year IS NULL THEN 'year_not_integer'
        WHEN year NOT BETWEEN $min_year AND $max_year THEN 'year_out_of_range'
        WHEN sex IS NULL OR sex NOT IN ('male', 'female', 'total') THEN 'invalid_sex'
        WHEN NOT list_contains(sex_values, sex) THEN 'sex_not_published'
        WHEN value_text IS NOT NULL AND value IS NULL THEN 'value_not_numeric'
        WHEN absolute_text IS NOT NULL AND absolute_value IS NULL THEN 'absolute_value_not_numeric'
        WHEN value < value_min OR value > value_max THEN 'value_out_of_unit_range'
        WHEN absolute_value < 0 THEN 'absolute_value_negative'
    END AS failed_rule
FROM resolved;

-- A view, not a second copy of every row: the checked table already holds them.
CREATE OR REPLACE VIEW staging.sotkanet_values AS
SELECT
    'sotkanet' AS source,
    source_file,
    row_number,
    indicator_code,
    area_code,
    year::VARCHAR AS period,
    'annual' AS frequency,
    make_date(year, 1, 1) AS period_start,
    sex,
    'total' AS age_group,
    'total' AS language_group,
    sex || '.total.total' AS group_code,
    value,
    absolute_value,
    CASE WHEN value IS NULL THEN 'missing' ELSE 'ok' END AS status,
    unit
FROM staging.sotkanet_checked
WHERE failed_rule IS NULL;

DELETE FROM quality.quarantine WHERE source = 'sotkanet';

INSERT INTO quality.quarantine
SELECT
    'sotkanet' AS source,
    source_file,
    row_number,
    -- CSV rows are staged as fields only; the record is rebuilt here, for these rows alone.
    coalesce(raw_record, to_json({'indicator': indicator_raw, 'region': region_raw,
        'year': year_raw, 'gender': gender_raw, 'primary value': value_raw,
        'absolute value': absolute_raw})::VARCHAR) AS raw_record,
    failed_rule AS rule,
    CASE failed_rule
        WHEN 'malformed_row' THEN 'row could not be parsed: ' || parse_error
        WHEN 'unknown_indicator' THEN 'indicator id ''' || coalesce(indicator_text, '') || ''' is not in indicators.json'
        WHEN 'unknown_region' THEN 'region id ''' || coalesce(region_text, '') || ''' is not in regions.json'
        WHEN 'year_not_integer' THEN 'year ''' || coalesce(year_text, '') || ''' is not a whole number'
        WHEN 'year_out_of_range' THEN 'year ' || year || ' is outside ' || $min_year || '-' || $max_year
        WHEN 'invalid_sex' THEN 'gender ''' || coalesce(sex, '') || ''' is not male, female or total'
        WHEN 'sex_not_published' THEN indicator_code || ' is published for ' || array_to_string(sex_values, ', ') || ' only, the row has ' || sex
        WHEN 'value_not_numeric' THEN 'primary value ''' || value_text || ''' is not a number'
        WHEN 'absolute_value_not_numeric' THEN 'absolute value ''' || absolute_text || ''' is not a number'
        WHEN 'value_out_of_unit_range' THEN 'value ' || value || ' is outside ' || coalesce(value_min::VARCHAR, '-inf') || '..' || coalesce(value_max::VARCHAR, 'inf') || ' allowed for unit ' || unit
        WHEN 'absolute_value_negative' THEN 'absolute value ' || absolute_value || ' is negative'
    END AS message,
    $run_id AS run_id,
    now() AS quarantined_at
FROM staging.sotkanet_checked
WHERE failed_rule IS NOT NULL;

