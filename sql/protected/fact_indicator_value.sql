-- protected.fact_indicator_value: mart.fact_indicator_value as published, with small numbers
-- hidden (protected.suppressed_value). Publishing writes it in place of the unprotected
-- table; the restricted file gets protected.fact_indicator_value_restricted.
CREATE OR REPLACE VIEW protected.fact_indicator_value AS
SELECT f.* REPLACE (
           CASE WHEN s.suppression IS NULL THEN f.value END AS value,
           CASE WHEN s.suppression IS NULL THEN f.absolute_value END AS absolute_value,
           CASE WHEN s.suppression IS NULL THEN f.status ELSE 'suppressed' END AS status
       ),
       s.suppression
FROM mart.fact_indicator_value f
LEFT JOIN protected.suppressed_value s USING (indicator_code, area_code, period, group_code);

COMMENT ON COLUMN protected.fact_indicator_value.suppression IS 'Why small-number protection hid the value (status suppressed): primary (a count of 1 to threshold-1, or a value computed from one), complementary (hidden so that a primary one cannot be worked out from a total and its other parts), inherited (a derived indicator computed from a hidden count); NULL when not hidden. The unprotected value is only in the restricted file.';

-- protected.fact_indicator_value_restricted: the facts as they came, with the suppression the
-- published mart applies to each: the restricted file's fact table, so that its readers see
-- which values the published mart hides.
CREATE OR REPLACE VIEW protected.fact_indicator_value_restricted AS
SELECT f.*, s.suppression
FROM mart.fact_indicator_value f
LEFT JOIN protected.suppressed_value s USING (indicator_code, area_code, period, group_code);

COMMENT ON COLUMN protected.fact_indicator_value_restricted.suppression IS 'Why the published mart hides this value (there: status suppressed, no value): primary, complementary or inherited; NULL when published. Here, in the restricted file, the value is as it came.';

-- protected.quarantine: the quarantine as published, without the raw records: a quarantined
-- row may repeat a count the mart hides (a duplicate of a suppressed cell).
CREATE OR REPLACE VIEW protected.quarantine AS
SELECT * REPLACE (NULL::VARCHAR AS raw_record)
FROM quality.quarantine;

COMMENT ON COLUMN protected.quarantine.raw_record IS 'NULL in the published mart: a raw record may carry a count small-number protection hides. The restricted file has them.';
