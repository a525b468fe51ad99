-- Small-number protection, what the protection audit has seen (pipelines/protect/suppression.py):
-- the hidden cells it audited, the cells it found failing (per block, replaced when a block
-- is audited again) and its counts.
CREATE OR REPLACE TEMP TABLE protect_audited_hidden (cell_key BIGINT);

CREATE OR REPLACE TEMP TABLE protect_audit_failing (
    cell_key BIGINT, value DOUBLE, lower DOUBLE, upper DOUBLE, reason VARCHAR);

CREATE OR REPLACE TEMP TABLE protect_audit_count AS
SELECT 0::BIGINT AS audited, 0::BIGINT AS lps, 0.0::DOUBLE AS seconds;
