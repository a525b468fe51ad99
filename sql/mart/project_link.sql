-- mart.project_link: the links and downloadable files of each project.
CREATE OR REPLACE TABLE mart.project_link AS
SELECT
    project_key,
    position AS link_number,
    kind,
    title,
    url,
    note,
    language,
    source,
    source_file
FROM staging.project_link
ORDER BY project_key, position;

COMMENT ON TABLE mart.project_link IS 'Links and downloadable files of the development projects, one row per link or file.';
COMMENT ON COLUMN mart.project_link.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_link.link_number IS 'Position among the project''s links and files, from 1 (links first).';
COMMENT ON COLUMN mart.project_link.kind IS 'link (a web page) or file (a downloadable document).';
COMMENT ON COLUMN mart.project_link.title IS 'Link text, or the file name.';
COMMENT ON COLUMN mart.project_link.url IS 'Address; NULL where only the link text is known (the page saved as plain text has no addresses).';
COMMENT ON COLUMN mart.project_link.note IS 'Note beside a file, e.g. File is only available in Finnish.';
COMMENT ON COLUMN mart.project_link.language IS 'Language of a file (ISO 639-1, e.g. fi) where the note says.';
COMMENT ON COLUMN mart.project_link.source IS 'page or card: where the list came from.';
COMMENT ON COLUMN mart.project_link.source_file IS 'The page or card, relative to the raw directory.';
