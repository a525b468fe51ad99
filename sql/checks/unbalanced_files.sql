-- Source files whose rows do not add up: read <> loaded + quarantined + filtered.
SELECT source, source_file, rows_read, rows_loaded, rows_quarantined, rows_filtered
FROM quality.row_accounting
WHERE NOT balanced
