-- Protection audit, step 3, repeated until nothing changes (pipelines/protect/audit.py):
-- an equation left with one unknown gives it: x = rhs / coef, as a reader subtracts. The cell
-- becomes a constant of its other equations (their rhs less coef * x), and an audited one
-- is exact (its interval a point; a negative one means the counts contradict each other).
-- Set-wise, a round per link of the longest chain: far cheaper than a solver per cell.
CREATE OR REPLACE TEMP TABLE audit_step AS
SELECT t.cell_id, min(r.rhs / t.coef) AS value
FROM audit_uterm t
JOIN audit_rhs r USING (eq_id)
WHERE t.eq_id IN (SELECT eq_id FROM audit_uterm GROUP BY eq_id HAVING count(*) = 1)
GROUP BY t.cell_id;

INSERT INTO audit_derived SELECT cell_id, value FROM audit_step;

UPDATE audit_rhs SET rhs = audit_rhs.rhs - d.shift
FROM (
    SELECT t.eq_id, sum(t.coef * s.value) AS shift
    FROM audit_uterm t JOIN audit_step s USING (cell_id)
    GROUP BY t.eq_id
) d
WHERE audit_rhs.eq_id = d.eq_id;

DELETE FROM audit_uterm WHERE cell_id IN (SELECT cell_id FROM audit_step);
