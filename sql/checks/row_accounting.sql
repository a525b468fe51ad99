-- quality.row_accounting: for every source file, rows read = rows loaded + rows quarantined
-- + rows filtered (left out on purpose by the table's description: keep:/drop:).
-- Built after the fact table, so "loaded" means "in mart.fact_indicator_value"; for project
-- pages (source projects) the rows are the projects found on the page, loaded into the
-- register or quarantined (staging.project_page_accounting, by sql/ingest/project_rules.sql).
CREATE TABLE IF NOT EXISTS staging.project_page_accounting (
    source_file VARCHAR NOT NULL, file_status VARCHAR NOT NULL, error_message VARCHAR,
    rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL
);
CREATE OR REPLACE TABLE quality.row_accounting AS
WITH loaded AS (
    SELECT source_file, count(*) AS rows_loaded FROM mart.fact_indicator_value GROUP BY ALL
),
quarantined AS (
    SELECT source_file, count(*) AS rows_quarantined FROM quality.quarantine GROUP BY ALL
),
filtered AS (
    SELECT source_file, sum(rows_filtered) AS rows_filtered FROM staging.filtered_rows GROUP BY ALL
)
SELECT
    f.source,
    f.source_file,
    f.file_format,
    f.file_status,
    f.error_message,
    f.rows_read,
    coalesce(l.rows_loaded, 0) AS rows_loaded,
    coalesce(q.rows_quarantined, 0) AS rows_quarantined,
    f.rows_read = coalesce(l.rows_loaded, 0) + coalesce(q.rows_quarantined, 0)
                  + coalesce(x.rows_filtered, 0) AS balanced,
    f.staged_at,
    coalesce(x.rows_filtered, 0)::BIGINT AS rows_filtered
FROM staging.source_file f
LEFT JOIN loaded l USING (source_file)
LEFT JOIN quarantined q USING (source_file)
LEFT JOIN filtered x USING (source_file)
UNION ALL
SELECT
    'projects', source_file, 'page', file_status, error_message, rows_read, rows_loaded,
    rows_quarantined, rows_read = rows_loaded + rows_quarantined, now(), 0::BIGINT
FROM staging.project_page_accounting
ORDER BY 1, 2;

COMMENT ON TABLE quality.row_accounting IS 'Per source file: rows read = rows loaded into the mart + rows quarantined + rows filtered. A file that could not be read at all has file_status unreadable and its error.';
COMMENT ON COLUMN quality.row_accounting.source IS 'Source the file belongs to (sotkanet, reference, ...).';
COMMENT ON COLUMN quality.row_accounting.source_file IS 'Raw file, relative to the raw directory.';
COMMENT ON COLUMN quality.row_accounting.file_format IS 'Format the file was read as (csv, json).';
COMMENT ON COLUMN quality.row_accounting.file_status IS 'loaded, or unreadable when the whole file could not be parsed (see error_message); for a project page no_projects when it gave none (the reason in error_message).';
COMMENT ON COLUMN quality.row_accounting.error_message IS 'What was wrong with an unreadable file, naming the line where known.';
COMMENT ON COLUMN quality.row_accounting.rows_read IS 'Data rows read from the file (header excluded); for a project page the projects found on it (1 for a page with none: the page itself, quarantined).';
COMMENT ON COLUMN quality.row_accounting.rows_loaded IS 'Rows of the file in mart.fact_indicator_value (for a project page: its projects in mart.dim_project).';
COMMENT ON COLUMN quality.row_accounting.rows_quarantined IS 'Rows of the file in quality.quarantine.';
COMMENT ON COLUMN quality.row_accounting.balanced IS 'True when rows_read = rows_loaded + rows_quarantined + rows_filtered.';
COMMENT ON COLUMN quality.row_accounting.rows_filtered IS 'Rows (cells) of members the table''s description leaves out on purpose (keep:/drop:, e.g. a region breakdown when only the whole country is wanted): neither in the mart nor quarantined. 0 for other files.';
COMMENT ON COLUMN quality.row_accounting.staged_at IS 'When the file was last read.';

COMMENT ON TABLE quality.quarantine IS 'Rows that broke a row rule: the raw record as read, the rule and a readable message. They are not in the mart.';
COMMENT ON COLUMN quality.quarantine.source IS 'Source the row belongs to (sotkanet, ...).';
COMMENT ON COLUMN quality.quarantine.source_file IS 'Raw file, relative to the raw directory.';
COMMENT ON COLUMN quality.quarantine.row_number IS 'Where the row is in its file: the line number for CSV (header = line 1), the element number (from 1) for a JSON array.';
COMMENT ON COLUMN quality.quarantine.raw_record IS 'The row as read, as JSON (or the raw line when the line itself could not be split).';
COMMENT ON COLUMN quality.quarantine.rule IS 'The first rule the row broke, e.g. unknown_region, value_out_of_unit_range (see README, Quality rules).';
COMMENT ON COLUMN quality.quarantine.message IS 'What is wrong with the row, in words.';
COMMENT ON COLUMN quality.quarantine.run_id IS 'Dagster run that quarantined the row.';
COMMENT ON COLUMN quality.quarantine.quarantined_at IS 'When the row was quarantined.';
