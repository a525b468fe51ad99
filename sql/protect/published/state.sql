-- Small-number protection's state, kept between builds (pipelines/assets/protection.py): the
-- decision (the cells the published mart hides), the block hashes it was made for, and what
-- else it depended on (the dimensions and SQL, the threshold, a digest of all facts).
CREATE SCHEMA IF NOT EXISTS protected;

CREATE TABLE IF NOT EXISTS protected.block_state (
    indicator_code VARCHAR, period VARCHAR, age_group VARCHAR, fact_rows BIGINT,
    fact_hash VARCHAR
);

CREATE TABLE IF NOT EXISTS protected.decision_state (
    inputs_hash VARCHAR, threshold INTEGER, fact_rows BIGINT, fact_hash VARCHAR
);

CREATE TABLE IF NOT EXISTS protected.suppressed_value (
    indicator_code VARCHAR, area_code VARCHAR, period VARCHAR, group_code VARCHAR,
    suppression VARCHAR
);

-- The staged values by part (source file x indicator: rows, digest; sql/checks/
-- staged_parts.sql) the decision was made for: the indicators whose parts differ now are the
-- ones whose blocks are hashed and compared again.
CREATE TABLE IF NOT EXISTS protected.decided_part (
    source_file VARCHAR, indicator_code VARCHAR, source VARCHAR, part_rows BIGINT,
    digest VARCHAR
);
