-- protected.fact_indicator_value: mart.fact_indicator_value as published, with small numbers
-- hidden (protected.suppressed_value): status suppressed, no value. Not why: "primary" would
-- say the count is 1 to threshold-1, "complementary" that it is 0 or at least the threshold,
-- and with a published total and one sibling that pins both (6 = a primary + a
-- complementary: 1 and 5). The reason is in the restricted file only. Publishing writes this
-- view in place of the unprotected table; the restricted file gets
-- protected.fact_indicator_value_restricted.
CREATE OR REPLACE VIEW protected.fact_indicator_value AS
SELECT f.* REPLACE (
           CASE WHEN s.suppression IS NULL THEN f.value END AS value,
           CASE WHEN s.suppression IS NULL THEN f.absolute_value END AS absolute_value,
           CASE WHEN s.suppression IS NULL THEN f.status ELSE 'suppressed' END AS status
       )
FROM mart.fact_indicator_value f
LEFT JOIN protected.suppressed_value s USING (indicator_code, area_code, period, group_code);

-- protected.fact_indicator_value_restricted: the facts as they came, with the suppression the
-- published mart applies to each: the restricted file's fact table, so that its readers see
-- which values the published mart hides.
CREATE OR REPLACE VIEW protected.fact_indicator_value_restricted AS
SELECT f.*, s.suppression
FROM mart.fact_indicator_value f
LEFT JOIN protected.suppressed_value s USING (indicator_code, area_code, period, group_code);

COMMENT ON COLUMN protected.fact_indicator_value_restricted.suppression IS 'Why the published mart hides this value (there: status suppressed, no value, no reason): primary (a count of 1 to threshold-1), complementary (hidden so that a primary one cannot be worked out from a total and its other parts), inherited (a derived value computed from a hidden count); NULL when published. Here, in the restricted file, the value is as it came.';

-- protected.quarantine: the quarantine as published, without the raw records: a quarantined
-- row may repeat a count the mart hides (a duplicate of a suppressed cell).
CREATE OR REPLACE VIEW protected.quarantine AS
SELECT * REPLACE (NULL::VARCHAR AS raw_record)
FROM quality.quarantine;

COMMENT ON COLUMN protected.quarantine.raw_record IS 'NULL in the published mart: a raw record may carry a count small-number protection hides. The restricted file has them.';
