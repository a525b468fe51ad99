-- The staged values by part (source file x indicator): rows and a digest (the sum of the
-- hashes of whole rows, every column: a sum, not an xor, so that two equal rows do not cancel
-- out). The checks of the staged values compare it with the parts as they last checked them
-- (checked_parts.sql) and check again only the rows that can have changed
-- (pipelines/checks/changed_parts.py). One scan of every row, instead of one per check.
CREATE OR REPLACE TEMP TABLE staged_parts_now AS
-- The source is one per file; kept for the counts by source the UI shows.
SELECT source_file, indicator_code, any_value(source) AS source, count(*) AS part_rows,
       sum(hash(v))::VARCHAR AS digest
FROM staging.indicator_values v
GROUP BY source_file, indicator_code;

-- Kept in the work file too: small-number protection decides again only the indicators whose
-- parts changed since it last decided (pipelines/assets/protection.py).
CREATE OR REPLACE TABLE staging.staged_part AS FROM staged_parts_now;
