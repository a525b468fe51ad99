-- mart.project_name: a project's name in each language the pages give it in.
CREATE OR REPLACE TABLE mart.project_name AS
SELECT project_key, language, title, source_file
FROM staging.project_name
ORDER BY project_key, language;

COMMENT ON TABLE mart.project_name IS 'The name of each project in each language it was seen in (en, fi, sv): one project seen on pages in several languages is one project with a name in each.';
COMMENT ON COLUMN mart.project_name.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_name.language IS 'en, fi or sv.';
COMMENT ON COLUMN mart.project_name.title IS 'The project''s title in that language, from the newest page that gives it.';
COMMENT ON COLUMN mart.project_name.source_file IS 'The page the name was read from.';
