-- Protection audit, step 4, repeated until nothing changes: each unknown takes the smallest
-- label of the unknowns it shares an equation with.
CREATE OR REPLACE TEMP TABLE audit_label_next AS
WITH equation_label AS (
    SELECT t.eq_id, min(l.label) AS label
    FROM audit_uterm t JOIN audit_label l USING (cell_id)
    GROUP BY t.eq_id
)
SELECT t.cell_id, min(e.label) AS label
FROM audit_uterm t JOIN equation_label e USING (eq_id)
GROUP BY t.cell_id;

CREATE OR REPLACE TEMP TABLE audit_step AS
SELECT n.cell_id FROM audit_label_next n JOIN audit_label l USING (cell_id)
WHERE n.label < l.label;

CREATE OR REPLACE TEMP TABLE audit_label AS SELECT * FROM audit_label_next;
