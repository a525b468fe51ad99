-- Protection audit, step 4 (pipelines/protect/audit.py): connected components of the
-- unknowns, two unknowns being linked by an equation holding both. Components are solved
-- apart. Start: every unknown its own label; label.sql then spreads the smallest label.
CREATE OR REPLACE TEMP TABLE audit_label AS
SELECT DISTINCT cell_id, cell_id AS label FROM audit_uterm;
