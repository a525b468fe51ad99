-- quality.project_warning: what the extractor saw on the page but could not read, per project
-- and field. A warning a card settled (the card gives the field) stays, with resolved_by.
CREATE OR REPLACE TABLE quality.project_warning AS
SELECT
    project_key,
    source_file,
    field,
    message,
    resolved_by
FROM staging.project_warning
ORDER BY project_key, resolved_by NULLS FIRST, field, message;

COMMENT ON TABLE quality.project_warning IS 'What the project extractor could not read on the page (a date phrase, a contact line, an amount, an organisation type), per project and field. Fix it on the page or settle it with a project card (raw/projects/cards/). Open warnings have resolved_by NULL.';
COMMENT ON COLUMN quality.project_warning.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN quality.project_warning.source_file IS 'The page the warning is about, relative to the raw directory.';
COMMENT ON COLUMN quality.project_warning.field IS 'What the warning concerns: title, level, period, contacts, funding, partners, files or links.';
COMMENT ON COLUMN quality.project_warning.message IS 'What could not be read, quoting the page.';
COMMENT ON COLUMN quality.project_warning.resolved_by IS 'The card that settles the warning by giving the field itself; NULL while the warning is open.';
