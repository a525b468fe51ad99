-- The register's rules per project and per row, applied after staging: a project that breaks
-- one is taken out of the register whole (all its staged rows) and goes to
-- staging.project_rejected, and from there to quality.quarantine; the rest of the register,
-- and the indicator mart, are built and published as usual. First rule broken:
--   project_without_title      no title on the page or the card
--   project_without_contact    no contact person on the page or the card
--   project_ends_before_start  an end date earlier than the start date
-- Rows: an amount of money that is not positive (project_funding) is quarantined alone,
-- and the project's budget is the largest amount that remains.

CREATE OR REPLACE TEMP TABLE project_rule_breaks AS
SELECT
    project_key,
    source_file,
    first_line,
    CASE
        WHEN title IS NULL OR trim(title) = '' THEN 'project_without_title'
        WHEN contact_count = 0 THEN 'project_without_contact'
        WHEN end_date < start_date THEN 'project_ends_before_start'
    END AS rule,
    CASE
        WHEN title IS NULL OR trim(title) = '' THEN 'the project has no title'
        WHEN contact_count = 0 THEN
            'no contact person for ' || title || ' on the page or its card; add one on '
            || 'the page or in raw/projects/cards/' || project_key || '.md (contacts:)'
        ELSE title || ' ends (' || CAST(end_date AS VARCHAR) || ') before it starts ('
            || CAST(start_date AS VARCHAR) || '); correct the date on the page or its card'
    END AS message,
    json_object('project_key', project_key, 'title', title, 'start_date', start_date,
                'end_date', end_date, 'contact_count', contact_count,
                'card_file', card_file) AS raw_record
FROM staging.project
WHERE title IS NULL OR trim(title) = '' OR contact_count = 0 OR end_date < start_date;

INSERT INTO staging.project_rejected
SELECT source_file, first_line, CAST(raw_record AS VARCHAR), rule, message
FROM project_rule_breaks;

DELETE FROM staging.project WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_partner
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_contact
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_funding
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_link
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_indicator_target
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_field_source
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
DELETE FROM staging.project_name
WHERE project_key IN (SELECT project_key FROM project_rule_breaks);
-- The history and the warnings stay: they say what the pages showed, quarantined or not.

INSERT INTO staging.project_rejected
SELECT source_file, position,
       CAST(json_object('project_key', project_key, 'amount_eur', amount_eur,
                        'context', context) AS VARCHAR),
       'non_positive_amount',
       'an amount of ' || coalesce(CAST(amount_eur AS VARCHAR), 'nothing') || ' euros for '
       || project_key || ' is not a positive amount of money; it is left out'
FROM staging.project_funding
WHERE amount_eur IS NULL OR amount_eur <= 0;

DELETE FROM staging.project_funding WHERE amount_eur IS NULL OR amount_eur <= 0;

UPDATE staging.project AS p
SET budget_eur = f.amount_eur, budget_bound = f.bound
FROM (
    SELECT project_key, max(amount_eur) AS amount_eur, arg_max(bound, amount_eur) AS bound
    FROM staging.project_funding GROUP BY project_key
) AS f
WHERE p.project_key = f.project_key AND p.budget_eur IS DISTINCT FROM f.amount_eur;

UPDATE staging.project
SET budget_eur = NULL, budget_bound = NULL
WHERE budget_eur IS NOT NULL
  AND project_key NOT IN (SELECT project_key FROM staging.project_funding);

-- Page accounting (quality.row_accounting): per page file, the projects found on it are
-- its rows; each is loaded (its project is in the register) or quarantined (its project
-- broke a rule). A page with no project is one row, quarantined (page_without_projects).
CREATE OR REPLACE TABLE staging.project_page_accounting AS
SELECT
    pg.source_file,
    CASE WHEN pg.projects_found = 0 THEN 'no_projects' ELSE 'loaded' END AS file_status,
    pg.note AS error_message,
    greatest(pg.projects_found, 1) AS rows_read,
    count(DISTINCT s.project_key) FILTER (WHERE p.project_key IS NOT NULL) AS rows_loaded,
    CASE WHEN pg.projects_found = 0 THEN 1
         ELSE count(DISTINCT s.project_key) FILTER (WHERE p.project_key IS NULL) END
        AS rows_quarantined
FROM staging.project_page pg
LEFT JOIN staging.project_sighting s USING (source_file)
LEFT JOIN staging.project p ON p.project_key = s.project_key
GROUP BY pg.source_file, pg.projects_found, pg.note;
