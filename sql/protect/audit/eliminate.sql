-- Protection audit, step 3, repeated until nothing changes (pipelines/protect/audit.py):
-- drop the equations whose total is an unknown found in no other equation and not audited,
-- e.g. a region the data lacks: it is rhs + its unknown parts, which is >= 0 whatever the
-- parts are (rhs, the sum of the published parts, is >= 0), so the equation constrains
-- nothing else. Exact, and it keeps the components below small.
CREATE OR REPLACE TEMP TABLE audit_step AS
WITH degree AS (
    SELECT cell_id, count(*) AS equations FROM audit_uterm GROUP BY cell_id
),
shape AS (
    SELECT eq_id, count(*) FILTER (WHERE coef > 0) AS plus FROM audit_uterm GROUP BY eq_id
)
SELECT DISTINCT t.eq_id
FROM audit_uterm t
JOIN degree d USING (cell_id)
JOIN shape s USING (eq_id)
JOIN audit_rhs r USING (eq_id)
JOIN audit_unknown u USING (cell_id)
WHERE d.equations = 1 AND t.coef > 0 AND s.plus = 1 AND r.rhs >= 0 AND NOT u.audited;

DELETE FROM audit_uterm WHERE eq_id IN (SELECT eq_id FROM audit_step);
