-- Type and resolve the staged Sotkanet rows, apply the row rules, and split the rows: clean
-- rows to staging.sotkanet_values (the canonical long format every source shares), failed
-- rows to quality.quarantine with the first rule they break and a readable message.
-- Incremental: only the rows of the files in $files are checked again, or every row when
-- $recheck_all (the rules or what they check against changed); the checked rows of the other
-- files stay as they were.
-- Parameters: $min_year, $max_year (plausible years), $run_id, $files, $recheck_all.

-- A table in the work file, not a TEMP one: temp tables live in memory. Narrow: only what
-- the mart needs; the raw text of a failed row is read back from staging.sotkanet_lines.
CREATE TABLE IF NOT EXISTS staging.sotkanet_checked (
    source_file VARCHAR NOT NULL,
    row_number BIGINT NOT NULL,
    indicator_code VARCHAR,
    area_code VARCHAR,
    year INTEGER,
    sex VARCHAR,
    value DOUBLE,
    absolute_value DOUBLE,
    unit VARCHAR,
    failed_rule VARCHAR
);

-- Rows of files that are gone, changed, or all of them.
DELETE FROM staging.sotkanet_checked
WHERE $recheck_all
   OR source_file IN (SELECT unnest($files))
   OR source_file NOT IN (SELECT source_file FROM staging.source_file WHERE source = 'sotkanet');

DELETE FROM quality.quarantine
WHERE source = 'sotkanet'
  AND ($recheck_all
       OR source_file IN (SELECT unnest($files))
       OR source_file NOT IN (SELECT source_file FROM staging.source_file
                              WHERE source = 'sotkanet'));

CREATE OR REPLACE TEMP VIEW sotkanet_typed AS
SELECT
    r.source_file, r.row_number, r.parse_error, r.raw_record,
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
FROM staging.sotkanet_lines r;

INSERT INTO staging.sotkanet_checked
WITH resolved AS (
    SELECT t.*, i.indicator_code, i.unit, i.value_min, i.value_max, i.sex_values,
           g.area_code
    FROM sotkanet_typed t
    LEFT JOIN staging.sotkanet_indicator i ON i.indicator_id = TRY_CAST(t.indicator_text AS BIGINT)
    LEFT JOIN staging.sotkanet_region g ON g.region_id = TRY_CAST(t.region_text AS BIGINT)
    WHERE $recheck_all OR t.source_file IN (SELECT unnest($files))
)
SELECT source_file, row_number, indicator_code, area_code, year, sex, value, absolute_value,
    unit,
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

-- The failed rows just checked, with their raw text read back.
INSERT INTO quality.quarantine
WITH failed AS (
    SELECT c.source_file, c.row_number, c.failed_rule, c.indicator_code, c.unit
    FROM staging.sotkanet_checked c
    WHERE c.failed_rule IS NOT NULL
      AND ($recheck_all OR c.source_file IN (SELECT unnest($files)))
)
SELECT
    'sotkanet' AS source,
    f.source_file,
    f.row_number,
    -- CSV rows are staged as fields only; the record is rebuilt here, for these rows alone.
    coalesce(t.raw_record, to_json({'indicator': t.indicator_raw, 'region': t.region_raw,
        'year': t.year_raw, 'gender': t.gender_raw, 'primary value': t.value_raw,
        'absolute value': t.absolute_raw})::VARCHAR) AS raw_record,
    f.failed_rule AS rule,
    CASE f.failed_rule
        WHEN 'malformed_row' THEN 'row could not be parsed: ' || t.parse_error
        WHEN 'unknown_indicator' THEN 'indicator id ''' || coalesce(t.indicator_text, '') || ''' is not in indicators.json'
        WHEN 'unknown_region' THEN 'region id ''' || coalesce(t.region_text, '') || ''' is not in regions.json'
        WHEN 'year_not_integer' THEN 'year ''' || coalesce(t.year_text, '') || ''' is not a whole number'
        WHEN 'year_out_of_range' THEN 'year ' || t.year || ' is outside ' || $min_year || '-' || $max_year
        WHEN 'invalid_sex' THEN 'gender ''' || coalesce(t.sex, '') || ''' is not male, female or total'
        WHEN 'sex_not_published' THEN f.indicator_code || ' is published for ' || array_to_string(i.sex_values, ', ') || ' only, the row has ' || t.sex
        WHEN 'value_not_numeric' THEN 'primary value ''' || t.value_text || ''' is not a number'
        WHEN 'absolute_value_not_numeric' THEN 'absolute value ''' || t.absolute_text || ''' is not a number'
        WHEN 'value_out_of_unit_range' THEN 'value ' || t.value || ' is outside ' || coalesce(i.value_min::VARCHAR, '-inf') || '..' || coalesce(i.value_max::VARCHAR, 'inf') || ' allowed for unit ' || f.unit
        WHEN 'absolute_value_negative' THEN 'absolute value ' || t.absolute_value || ' is negative'
    END AS message,
    $run_id AS run_id,
    now() AS quarantined_at
FROM failed f
JOIN sotkanet_typed t USING (source_file, row_number)
LEFT JOIN staging.sotkanet_indicator i ON i.indicator_code = f.indicator_code;

DROP VIEW sotkanet_typed;
