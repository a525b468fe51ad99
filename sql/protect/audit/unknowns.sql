-- Protection audit, step 1 (pipelines/protect/audit.py): the unknowns of the blocks audited
-- (protect_audit_block), from the layout both the decision and the audit read
-- (pipelines/protect/layout.py). A cell a reader does not see is an unknown >= 0 of the
-- equations: every cell of protect_dark, hidden (the decision's, or the published file's)
-- or without a count (the publisher's missing and confidential cells, rates without a
-- count, cells the data lack). audited: a hidden count whose interval is asked for.
-- Every other cell is a published count: a constant.
CREATE OR REPLACE TEMP TABLE audit_unknown AS
SELECT cell_key AS cell_id, coalesce(target AND shown AND suppression IS NOT NULL, false)
           AS audited, count_value, shown
FROM protect_dark
WHERE protect_block_of(cell_key) IN (SELECT block_id FROM protect_audit_block);

CREATE OR REPLACE TEMP TABLE protect_seed AS SELECT cell_id AS cell_key FROM audit_unknown;
