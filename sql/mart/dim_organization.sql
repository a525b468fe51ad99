-- mart.dim_organization: one row per organisation the projects name (coordinators, partners,
-- members, funders, steering groups), however many projects name it. The key is the slug of
-- the canonical name (pipelines/projects/organizations.py folds aliases such as "VTT" into one
-- name). Where mentions disagree, the most frequent name and type win, then the first
-- alphabetically, so the result does not depend on the order of the pages.
CREATE OR REPLACE TABLE mart.dim_organization AS
WITH names AS (
    SELECT organization_key, organization_name, count(*) AS mentions
    FROM staging.project_partner
    GROUP BY organization_key, organization_name
    QUALIFY row_number() OVER (PARTITION BY organization_key
                               ORDER BY mentions DESC, organization_name) = 1
),
types AS (
    SELECT organization_key, organization_type, count(*) AS mentions
    FROM staging.project_partner
    WHERE organization_type IS NOT NULL
    GROUP BY organization_key, organization_type
    QUALIFY row_number() OVER (PARTITION BY organization_key
                               ORDER BY mentions DESC, organization_type) = 1
),
usage AS (
    SELECT organization_key,
           min(country) AS country,
           count(DISTINCT project_key) AS project_count,
           string_agg(DISTINCT role, ', ' ORDER BY role) AS roles
    FROM staging.project_partner
    GROUP BY ALL
)
SELECT
    n.organization_key,
    n.organization_name AS name,
    t.organization_type AS type,
    u.country,
    u.project_count,
    u.roles
FROM names n
JOIN usage u USING (organization_key)
LEFT JOIN types t USING (organization_key)
ORDER BY n.organization_key;

COMMENT ON TABLE mart.dim_organization IS 'Organisations named by the development projects (coordinators, partners, members, funders), one row per organisation however many projects name it. See mart.project_partner for who does what where.';
COMMENT ON COLUMN mart.dim_organization.organization_key IS 'Organisation key: the canonical name in lower-case ASCII with "-" between words, e.g. city-of-espoo, vtt-technical-research-centre-of-finland.';
COMMENT ON COLUMN mart.dim_organization.name IS 'Canonical name, e.g. City of Espoo (a bare municipality name on the page means the city; known short names such as VTT are expanded).';
COMMENT ON COLUMN mart.dim_organization.type IS 'city, university, research_institute, company, ngo, network or agency (ministries, regional governments, funding programmes); NULL when the name does not tell (the project has a warning then).';
COMMENT ON COLUMN mart.dim_organization.country IS 'ISO 3166 alpha-2 country code where the page gives one, e.g. Tallinn (EE); NULL otherwise.';
COMMENT ON COLUMN mart.dim_organization.project_count IS 'Number of projects that name the organisation.';
COMMENT ON COLUMN mart.dim_organization.roles IS 'Roles the organisation has across the projects, comma-separated (coordinator, partner, member, affiliate_partner, lighthouse_city, funder, steering_group).';
