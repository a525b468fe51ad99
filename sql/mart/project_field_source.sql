-- mart.project_field_source: for each project and field, whether the page or the card set it.
CREATE OR REPLACE TABLE mart.project_field_source AS
SELECT
    project_key,
    field,
    source,
    source_file
FROM staging.project_field_source
ORDER BY project_key, field;

COMMENT ON TABLE mart.project_field_source IS 'Where each field of each development project came from: the page, or the project''s card (a card field replaces the page''s value whole). One row per project and field.';
COMMENT ON COLUMN mart.project_field_source.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_field_source.field IS 'Field of the project: title, acronym, full_name, level, summary, description, coordinator, partners, fundings, start_date, end_date, period_precision, contacts, links, files, status, indicators, ...';
COMMENT ON COLUMN mart.project_field_source.source IS 'page (read from the city''s page) or card (set by the project''s card).';
COMMENT ON COLUMN mart.project_field_source.source_file IS 'The page or card, relative to the raw directory.';
