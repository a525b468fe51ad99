-- The quality tables every source writes to. Created once; each source replaces its own rows.
CREATE TABLE IF NOT EXISTS quality.quarantine (
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    row_number BIGINT,
    raw_record VARCHAR,
    rule VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    quarantined_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per raw file the pipeline has seen: how it was read, and whether it changed since.
CREATE TABLE IF NOT EXISTS staging.source_file (
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL PRIMARY KEY,
    file_format VARCHAR,
    fingerprint VARCHAR NOT NULL,
    file_status VARCHAR NOT NULL,
    error_message VARCHAR,
    rows_read BIGINT NOT NULL,
    staged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    run_id VARCHAR NOT NULL
);

-- Rows of a file that its description leaves out on purpose (keep:/drop:), per file: they are
-- not in the mart and not quarantined, and row accounting counts them.
CREATE TABLE IF NOT EXISTS staging.filtered_rows (
    source_file VARCHAR NOT NULL PRIMARY KEY,
    rows_filtered BIGINT NOT NULL
);
