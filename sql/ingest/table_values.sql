-- Map every staged cell of the described tables to canonical codes, apply the row rules, and
-- split: clean rows to staging.table_values (the canonical long format every source shares),
-- failed cells to quality.quarantine with the first rule they break.
-- Parameters: $min_year, $max_year, $run_id.
CREATE OR REPLACE TABLE staging.table_indicator AS
SELECT
    indicator_code,
    arg_min(source, source_file) AS source,
    arg_min(indicator_id, source_file) AS indicator_id,
    arg_min(name_fi, source_file) AS name_fi,
    arg_min(name_sv, source_file) AS name_sv,
    arg_min(name_en, source_file) AS name_en,
    arg_min(unit, source_file) AS unit,
    arg_min(decimals, source_file)::INTEGER AS decimals,
    bool_or(additive) AS additive,
    -- Range rules follow the unit: a share is 0..100, a difference of shares -100..100, a
    -- rate or a count is never negative; a change in percent, an index, euros: any value.
    CASE WHEN arg_min(unit, source_file) IN ('percent', 'per_1000', 'per_100000', 'count')
         THEN 0.0 WHEN arg_min(unit, source_file) = 'percentage_point' THEN -100.0
    END AS value_min,
    CASE arg_min(unit, source_file) WHEN 'percent' THEN 100.0 WHEN 'percentage_point' THEN 100.0
         WHEN 'per_1000' THEN 1000.0 WHEN 'per_100000' THEN 100000.0 END AS value_max,
    string_agg(DISTINCT source_file, ', ') AS defined_in
FROM staging.table_indicator_input
GROUP BY indicator_code;

CREATE OR REPLACE TABLE staging.table_checked AS
SELECT
    c.source, c.source_file, c.row_number, c.location, c.raw, c.status AS cell_status,
    c.value,
    c.area AS area_written, a.area_code, a.rule AS area_rule, a.message AS area_message,
    c.period AS period_written, p.period, p.frequency, p.period_start::DATE AS period_start,
    p.rule AS period_rule, p.message AS period_message,
    -- The publisher's markers: on the period (2024Q1*) and on the value (12,3*).
    CASE WHEN c.flag IS NULL THEN p.flag
         WHEN p.flag IS NULL OR p.flag = c.flag THEN c.flag
         ELSE p.flag || ',' || c.flag END AS flag,
    s.canonical AS sex, s.rule AS sex_rule, s.message AS sex_message,
    g.canonical AS age_group, g.rule AS age_rule, g.message AS age_message,
    l.canonical AS language_group, l.rule AS language_rule, l.message AS language_message,
    c.indicator AS indicator_written, i.indicator_code, i.unit, i.value_min, i.value_max,
    CASE
        WHEN a.rule IS NOT NULL THEN a.rule
        WHEN p.rule IS NOT NULL THEN p.rule
        WHEN year(p.period_start::DATE) NOT BETWEEN $min_year AND $max_year THEN 'year_out_of_range'
        WHEN s.rule IS NOT NULL THEN s.rule
        WHEN g.rule IS NOT NULL THEN g.rule
        WHEN l.rule IS NOT NULL THEN l.rule
        WHEN i.indicator_code IS NULL THEN 'unknown_indicator'
        WHEN c.status = 'invalid' THEN 'value_not_numeric'
        WHEN c.value < i.value_min OR c.value > i.value_max THEN 'value_out_of_unit_range'
    END AS failed_rule
FROM staging.table_cells c
LEFT JOIN staging.table_area_map a
    ON a.source_file = c.source_file AND a.written IS NOT DISTINCT FROM c.area
   AND a.label IS NOT DISTINCT FROM c.area_label
LEFT JOIN staging.table_period_map p
    ON p.source_file = c.source_file AND p.written IS NOT DISTINCT FROM c.period
LEFT JOIN staging.table_member_map s
    ON s.source_file = c.source_file AND s.role = 'sex' AND s.written IS NOT DISTINCT FROM c.sex
LEFT JOIN staging.table_member_map g
    ON g.source_file = c.source_file AND g.role = 'age_group'
   AND g.written IS NOT DISTINCT FROM c.age_group
LEFT JOIN staging.table_member_map l
    ON l.source_file = c.source_file AND l.role = 'language_group'
   AND l.written IS NOT DISTINCT FROM c.language_group
LEFT JOIN staging.table_member_map m
    ON m.source_file = c.source_file AND m.role = 'indicator'
   AND m.written IS NOT DISTINCT FROM c.indicator
LEFT JOIN staging.table_indicator_input ii
    ON ii.source_file = c.source_file AND ii.indicator_id = m.canonical
LEFT JOIN staging.table_indicator i ON i.indicator_code = ii.indicator_code;

CREATE OR REPLACE TABLE staging.table_values AS
SELECT
    source,
    source_file,
    row_number,
    indicator_code,
    area_code,
    period,
    frequency,
    period_start,
    sex,
    age_group,
    language_group,
    sex || '.' || age_group || '.' || language_group AS group_code,
    -- A confidential or missing cell never becomes a number.
    CASE WHEN cell_status IN ('ok', 'zero') THEN value END AS value,
    NULL::DOUBLE AS absolute_value,
    cell_status AS status,
    flag,
    unit
FROM staging.table_checked
WHERE failed_rule IS NULL;

DELETE FROM quality.quarantine
WHERE source_file IN (SELECT source_file FROM staging.described_file);

INSERT INTO quality.quarantine
SELECT
    source,
    source_file,
    row_number,
    to_json({'location': location, 'area': area_written, 'period': period_written,
             'indicator': indicator_written, 'value': raw, 'flag': flag})::VARCHAR AS raw_record,
    failed_rule AS rule,
    location || ': ' || CASE failed_rule
        WHEN 'unknown_area' THEN area_message
        WHEN 'ambiguous_area' THEN area_message
        WHEN 'invalid_period' THEN period_message
        WHEN 'year_out_of_range' THEN 'period ' || period || ' is outside ' || $min_year || '-' || $max_year
        WHEN 'invalid_sex' THEN sex_message
        WHEN 'invalid_age_group' THEN age_message
        WHEN 'invalid_language_group' THEN language_message
        WHEN 'unknown_indicator' THEN 'indicator ''' || coalesce(indicator_written, '') || ''' is not among the indicators of the table''s description'
        WHEN 'value_not_numeric' THEN 'value ''' || coalesce(raw, '') || ''' is neither a number nor a missing-value marker of the description'
        WHEN 'value_out_of_unit_range' THEN 'value ' || value || ' is outside ' || coalesce(value_min::VARCHAR, '-inf') || '..' || coalesce(value_max::VARCHAR, 'inf') || ' allowed for unit ' || unit
    END AS message,
    $run_id AS run_id,
    now() AS quarantined_at
FROM staging.table_checked
WHERE failed_rule IS NOT NULL;

DROP TABLE staging.table_checked;
