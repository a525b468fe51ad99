-- staging.sotkanet_lines: every staged Sotkanet row with its line (CSV: header = line 1) or
-- element number (JSON). A batch scan (pipelines/ingest/sotkanet.py, stage_csv_exports)
-- appends each file's rows in file order, one unbroken run per file, and numbers none of them:
-- numbering while reading costs a third of the scan. A row's line is then its distance from
-- its file's first row plus the header line. A file whose rows are not one unbroken run gets
-- no numbers, and staging.sotkanet_checked refuses a NULL line: the build fails loudly rather
-- than point at wrong lines.
CREATE OR REPLACE VIEW staging.sotkanet_lines AS
WITH batch_file AS (
    SELECT source_file, min(rowid) AS first_rowid
    FROM staging.sotkanet_raw
    WHERE row_number IS NULL
    GROUP BY source_file
    HAVING max(rowid) - min(rowid) + 1 = count(*)
)
SELECT r.* REPLACE (coalesce(r.row_number, r.rowid - b.first_rowid + 2) AS row_number)
FROM staging.sotkanet_raw r
LEFT JOIN batch_file b USING (source_file);
