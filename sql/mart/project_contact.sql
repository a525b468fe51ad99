-- mart.project_contact: the contact persons of each project, in the order the page lists them.
CREATE OR REPLACE TABLE mart.project_contact AS
SELECT
    project_key,
    position AS contact_number,
    name,
    job_title,
    email,
    phone_e164,
    source,
    source_file
FROM staging.project_contact
ORDER BY project_key, position;

COMMENT ON TABLE mart.project_contact IS 'Contact persons of the development projects ("Further information:" on the page, or the card), one row per person and project.';
COMMENT ON COLUMN mart.project_contact.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_contact.contact_number IS 'Position of the person in the project''s contact list, from 1.';
COMMENT ON COLUMN mart.project_contact.name IS 'Person''s name; NULL when the line names no person (the project has a warning then).';
COMMENT ON COLUMN mart.project_contact.job_title IS 'Job title as written, e.g. Development Manager.';
COMMENT ON COLUMN mart.project_contact.email IS 'E-mail address, checked for form and normalised (domain in lower case).';
COMMENT ON COLUMN mart.project_contact.phone_e164 IS 'Phone number in E.164 form, e.g. +358401234567; NULL when none is given.';
COMMENT ON COLUMN mart.project_contact.source IS 'page or card: where the contact list came from.';
COMMENT ON COLUMN mart.project_contact.source_file IS 'The page or card, relative to the raw directory.';
