-- The pilot's sources with their files and, per file, the rows the build read and loaded
-- (quality.row_accounting), for the report's method and sources.
SELECT
    s.source_id, s.publisher_fi, s.publisher_sv, s.publisher_en, s.title_fi, s.title_sv,
    s.title_en, s.files, s.url, s.sample,
    coalesce(sum(r.rows_read), 0)::BIGINT AS rows_read,
    coalesce(sum(r.rows_loaded), 0)::BIGINT AS rows_loaded,
    count(r.source_file) AS files_read
FROM mart.youth_pilot_source s
LEFT JOIN quality.row_accounting r ON list_contains(s.files, r.source_file)
GROUP BY ALL
ORDER BY s.source_id;
