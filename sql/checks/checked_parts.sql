-- What each incremental check of the staged values last saw (pipelines/checks/
-- changed_parts.py): the fingerprint of what it checks with (its rules, the codes it knows,
-- the code that runs it) and the parts (source file x indicator) as they were then.
-- Parameter: $check, the check's name.
CREATE TABLE IF NOT EXISTS staging.checked_parts_state (
    check_name VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS staging.checked_part (
    check_name VARCHAR NOT NULL, source_file VARCHAR, indicator_code VARCHAR,
    part_rows BIGINT NOT NULL, digest VARCHAR NOT NULL
);

-- The parts new, changed or gone since then (a part whose rows or digest differ is both).
CREATE OR REPLACE TEMP TABLE changed_parts AS
(SELECT source_file, indicator_code, part_rows, digest FROM staged_parts_now
 EXCEPT
 SELECT source_file, indicator_code, part_rows, digest FROM staging.checked_part
 WHERE check_name = $check)
UNION
(SELECT source_file, indicator_code, part_rows, digest FROM staging.checked_part
 WHERE check_name = $check
 EXCEPT
 SELECT source_file, indicator_code, part_rows, digest FROM staged_parts_now);
