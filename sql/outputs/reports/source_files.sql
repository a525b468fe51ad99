-- The reports' data quality: every source file with its rows read, loaded and quarantined
-- and when it was staged (quality.row_accounting: one row per file, small).
SELECT source, source_file, file_format, file_status, error_message, rows_read, rows_loaded,
       rows_quarantined, staged_at
FROM quality.row_accounting
ORDER BY source, source_file
