-- The staged project register: the city's development page merged with the project cards
-- (pipelines/assets/projects.py fills these from the readers). Typed and recreated empty on
-- every build, so a raw directory without projects/ still yields well-typed empty tables.
-- source is 'page' or 'card'; source_file the raw file, relative to the raw directory.

CREATE OR REPLACE TABLE staging.project (
    project_key VARCHAR NOT NULL,
    title VARCHAR,
    acronym VARCHAR,
    full_name VARCHAR,
    level VARCHAR,
    summary VARCHAR,
    description VARCHAR,
    start_date DATE,
    end_date DATE,
    start_precision VARCHAR,
    end_precision VARCHAR,
    period_precision VARCHAR,
    period_text VARCHAR,
    budget_eur BIGINT,
    budget_bound VARCHAR,
    coordinator_name VARCHAR,
    coordinator_key VARCHAR,
    contact_count INTEGER NOT NULL,
    title_basis VARCHAR,
    notes VARCHAR,
    source_file VARCHAR NOT NULL,
    card_file VARCHAR,
    first_line INTEGER,
    language VARCHAR,          -- of the description used: en, fi or sv
    languages VARCHAR,         -- every language the project was seen in, e.g. 'en,fi'
    first_seen DATE,           -- the earliest dated page version it was on
    last_seen DATE,            -- the latest dated page version it was on
    on_page BOOLEAN            -- on the newest version of a page it was seen on
);

-- Every project on every page file (each version of each page): the register's history.
CREATE OR REPLACE TABLE staging.project_sighting (
    project_key VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    page_key VARCHAR NOT NULL,
    version_date DATE,
    title VARCHAR NOT NULL,
    language VARCHAR,
    first_line INTEGER
);

-- A project's name in each language it was seen in.
CREATE OR REPLACE TABLE staging.project_name (
    project_key VARCHAR NOT NULL,
    language VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

-- Every page file read: which page and version it is, and how many projects it gave.
CREATE OR REPLACE TABLE staging.project_page (
    source_file VARCHAR NOT NULL,
    page_key VARCHAR NOT NULL,
    version_date DATE,
    date_basis VARCHAR,
    page_title VARCHAR,
    language VARCHAR,
    projects_found INTEGER NOT NULL,
    note VARCHAR
);

CREATE OR REPLACE TABLE staging.project_partner (
    project_key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    organization_key VARCHAR NOT NULL,
    organization_name VARCHAR NOT NULL,
    organization_type VARCHAR,
    country VARCHAR,
    role VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_contact (
    project_key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR,
    job_title VARCHAR,
    email VARCHAR,
    phone_e164 VARCHAR,
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_funding (
    project_key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    amount_eur BIGINT,
    bound VARCHAR,
    funder VARCHAR,
    context VARCHAR,
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_link (
    project_key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    title VARCHAR,
    url VARCHAR,
    note VARCHAR,
    language VARCHAR,
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_indicator_target (
    project_key VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    target_area_code VARCHAR NOT NULL,
    target_group_code VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    raw_record VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_field_source (
    project_key VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL
);

CREATE OR REPLACE TABLE staging.project_warning (
    project_key VARCHAR,  -- NULL: about the page itself
    source_file VARCHAR NOT NULL,
    field VARCHAR,
    message VARCHAR NOT NULL,
    resolved_by VARCHAR
);

-- Pages and cards that could not be used at all; they go to quality.quarantine with the
-- links that fail a rule (sql/mart/project_indicator.sql).
CREATE OR REPLACE TABLE staging.project_rejected (
    source_file VARCHAR NOT NULL,
    row_number BIGINT,
    raw_record VARCHAR,
    rule VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);

-- Every file under projects/ and what became of it: loaded, skipped_duplicate or rejected.
CREATE OR REPLACE TABLE staging.project_source_file (
    source_file VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    file_status VARCHAR NOT NULL,
    note VARCHAR
);

-- Per page file: projects found, loaded and quarantined (filled by project_rules.sql, read by
-- quality.row_accounting).
CREATE OR REPLACE TABLE staging.project_page_accounting (
    source_file VARCHAR NOT NULL,
    file_status VARCHAR NOT NULL,
    error_message VARCHAR,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL
);
