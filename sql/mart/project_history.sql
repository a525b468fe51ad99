-- mart.project_history: every project on every page file, each version of each page: the
-- history of the city's development work that no single page shows.
CREATE OR REPLACE TABLE mart.project_history AS
SELECT
    s.project_key,
    s.page_key,
    s.version_date,
    s.source_file,
    s.title,
    s.language,
    s.first_line,
    p.project_key IS NOT NULL AS in_register
FROM staging.project_sighting s
LEFT JOIN staging.project p USING (project_key)
ORDER BY s.project_key, s.version_date NULLS LAST, s.source_file;

COMMENT ON TABLE mart.project_history IS 'Every sighting of a project: which page (page_key) and version (version_date, source_file) listed it, under which title and in which language. A project in mart.dim_project has one row per page file it was on; in_register is false for a project quarantined by a rule (quality.quarantine, source projects).';
COMMENT ON COLUMN mart.project_history.project_key IS 'Project (mart.dim_project.project_key, or the quarantined project''s key).';
COMMENT ON COLUMN mart.project_history.page_key IS 'The page, whichever day it was saved: the file name without its date.';
COMMENT ON COLUMN mart.project_history.version_date IS 'The day of this version of the page: from the file name (_YYYY-MM-DD) or the page''s own date; NULL when undated (taken as the newest).';
COMMENT ON COLUMN mart.project_history.source_file IS 'The page file, relative to the raw directory.';
COMMENT ON COLUMN mart.project_history.title IS 'The project''s title on this page.';
COMMENT ON COLUMN mart.project_history.language IS 'Language of the project''s text on this page: en, fi or sv.';
COMMENT ON COLUMN mart.project_history.first_line IS 'Line of the page (text form) where the project starts.';
COMMENT ON COLUMN mart.project_history.in_register IS 'True when the project is in mart.dim_project; false when it broke a rule and is quarantined.';
