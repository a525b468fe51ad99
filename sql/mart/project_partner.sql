-- mart.project_partner: which organisation takes part in which project, in which role. The
-- coordinator is a row too (role coordinator).
CREATE OR REPLACE TABLE mart.project_partner AS
SELECT
    project_key,
    organization_key,
    role,
    source,
    source_file
FROM staging.project_partner
ORDER BY project_key, position;

COMMENT ON TABLE mart.project_partner IS 'Organisations taking part in the development projects: one row per project, organisation and role (the coordinator included).';
COMMENT ON COLUMN mart.project_partner.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_partner.organization_key IS 'Organisation (mart.dim_organization.organization_key).';
COMMENT ON COLUMN mart.project_partner.role IS 'coordinator, partner, member, affiliate_partner, lighthouse_city, funder or steering_group (represented in the steering group).';
COMMENT ON COLUMN mart.project_partner.source IS 'page or card: where the organisation list came from.';
COMMENT ON COLUMN mart.project_partner.source_file IS 'The page or card, relative to the raw directory.';
