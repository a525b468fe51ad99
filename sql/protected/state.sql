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
