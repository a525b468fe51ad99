-- mart.project_funding: every amount of money a project's description (or card) states.
CREATE OR REPLACE TABLE mart.project_funding AS
SELECT
    project_key,
    position AS funding_number,
    amount_eur,
    bound,
    funder,
    context,
    source,
    source_file
FROM staging.project_funding
ORDER BY project_key, position;

COMMENT ON TABLE mart.project_funding IS 'Amounts of money the development projects state (budgets, grants), one row per amount; mart.dim_project.budget_eur is the largest.';
COMMENT ON COLUMN mart.project_funding.project_key IS 'Project (mart.dim_project.project_key).';
COMMENT ON COLUMN mart.project_funding.funding_number IS 'Position of the amount in the description, from 1.';
COMMENT ON COLUMN mart.project_funding.amount_eur IS 'Amount in whole euros ("EUR 3.5 million" = 3500000).';
COMMENT ON COLUMN mart.project_funding.bound IS 'How the amount is stated: exact, at_least ("more than"), at_most ("up to") or approx ("about").';
COMMENT ON COLUMN mart.project_funding.funder IS 'Who gives the money, where the sentence says ("from the Ministry of Social Affairs and Health").';
COMMENT ON COLUMN mart.project_funding.context IS 'The sentence that states the amount.';
COMMENT ON COLUMN mart.project_funding.source IS 'page or card: where the amounts came from.';
COMMENT ON COLUMN mart.project_funding.source_file IS 'The page or card, relative to the raw directory.';
