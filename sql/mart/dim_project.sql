-- mart.dim_project: one row per development project of the register (the city's page merged
-- with the project cards). status is derived here from the dates against $build_date, the
-- day of the build, so it stays right when a project starts or ends between page edits.
-- Where each field came from (page or card) is in mart.project_field_source.
CREATE OR REPLACE TABLE mart.dim_project AS
SELECT
    project_key,
    title,
    acronym,
    full_name,
    level,
    summary,
    description,
    start_date,
    end_date,
    period_precision,
    period_text,
    CASE
        WHEN start_date > $build_date THEN 'planned'
        WHEN end_date < $build_date THEN 'ended'
        WHEN start_date IS NOT NULL OR end_date IS NOT NULL THEN 'ongoing'
        ELSE 'unknown'
    END AS status,
    CAST($build_date AS DATE) AS status_as_of,
    budget_eur,
    budget_bound,
    coordinator_name AS coordinator,
    coordinator_key AS coordinator_organization_key,
    notes,
    title_basis,
    source_file,
    card_file,
    language,
    languages,
    first_seen,
    last_seen,
    CASE WHEN on_page THEN 'on_page' ELSE 'left_page' END AS page_status
FROM staging.project
ORDER BY source_file, first_line;

COMMENT ON TABLE mart.dim_project IS 'Development projects of the City of Espoo, from its "Ongoing development" page, completed and corrected by project cards (raw/projects/cards/). One row per project_key. Which source each field came from: mart.project_field_source.';
COMMENT ON COLUMN mart.dim_project.project_key IS 'Project key: the project name in lower-case ASCII with "-" between words, e.g. hytedata-2-0, sparcs. A card names its project by this key.';
COMMENT ON COLUMN mart.dim_project.title IS 'Project name as the page (or the card) gives it, e.g. HyteData 2.0.';
COMMENT ON COLUMN mart.dim_project.acronym IS 'Short name used in reports, e.g. HyteData; NULL when there is none.';
COMMENT ON COLUMN mart.dim_project.full_name IS 'Name written out, where the page or card spells it out.';
COMMENT ON COLUMN mart.dim_project.level IS 'Section of the page the project is listed under: international, national or city (the city''s own projects).';
COMMENT ON COLUMN mart.dim_project.summary IS 'The first paragraph of the project''s description.';
COMMENT ON COLUMN mart.dim_project.description IS 'The whole description, one paragraph per line.';
COMMENT ON COLUMN mart.dim_project.start_date IS 'First day of the project: a start stated as a month, season or year starts on its first day (autumn 2022 = 2022-09-01).';
COMMENT ON COLUMN mart.dim_project.end_date IS 'Last day of the project: an end stated as a month, season or year ends on its last day (the end of 2026 = 2026-12-31).';
COMMENT ON COLUMN mart.dim_project.period_precision IS 'How precisely the period is known: day, month, season or year (the coarser of start and end); NULL when no date is stated.';
COMMENT ON COLUMN mart.dim_project.period_text IS 'The sentences the period was read from, to check the dates against.';
COMMENT ON COLUMN mart.dim_project.status IS 'planned (starts after status_as_of), ended (ended before it), ongoing (otherwise, when a date is known) or unknown (no dates).';
COMMENT ON COLUMN mart.dim_project.status_as_of IS 'The date status was judged against: the day of the build (Europe/Helsinki).';
COMMENT ON COLUMN mart.dim_project.budget_eur IS 'Project budget in whole euros: the largest amount the description states (smaller ones are usually shares of it); see mart.project_funding for every amount. NULL when none is stated.';
COMMENT ON COLUMN mart.dim_project.budget_bound IS 'How budget_eur is stated: exact, at_least ("more than EUR 3 million"), at_most or approx.';
COMMENT ON COLUMN mart.dim_project.coordinator IS 'Name of the coordinating organisation, where the page or card names one.';
COMMENT ON COLUMN mart.dim_project.coordinator_organization_key IS 'The coordinator in mart.dim_organization.';
COMMENT ON COLUMN mart.dim_project.notes IS 'The free text of the project''s card: why the card says what it says.';
COMMENT ON COLUMN mart.dim_project.title_basis IS 'Which rule named the project on the page (heading, link named again, named as a project in the text, ...), for review.';
COMMENT ON COLUMN mart.dim_project.source_file IS 'The page the project was read from, relative to the raw directory.';
COMMENT ON COLUMN mart.dim_project.card_file IS 'The project''s card, relative to the raw directory; NULL when it has none.';
COMMENT ON COLUMN mart.dim_project.language IS 'Language of the description used: en, fi or sv.';
COMMENT ON COLUMN mart.dim_project.languages IS 'Every language the project was seen in on the pages, e.g. en,fi (its names: mart.project_name).';
COMMENT ON COLUMN mart.dim_project.first_seen IS 'The earliest dated page version the project was on (page dates: file name or the page''s own date); NULL when none of its pages is dated.';
COMMENT ON COLUMN mart.dim_project.last_seen IS 'The latest dated page version the project was on; NULL when none of its pages is dated.';
COMMENT ON COLUMN mart.dim_project.page_status IS 'on_page: on the newest version of a page it was seen on; left_page: an earlier version listed it and the newest no longer does (every sighting: mart.project_history).';
