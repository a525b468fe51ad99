-- Protection audit, step 5 (pipelines/protect/audit.py): the interval of every audited cell
-- that needs no solver. audit_component (component_id, equations, audited) and audit_label
-- (cell_id, label) come from pipelines/protect/audit.py `_label_components`.
-- A component of one equation: sum(coef * x) = rhs with every x >= 0. Seen from cell i
-- (multiplied by its coef): x_i + (others on its side) - (others on the other side) = R.
-- With nobody on the other side, x_i is at most R, and exactly R when it is alone; with
-- somebody there, x_i has no upper bound, and is at least R when alone on its side (the
-- other side can be 0), else 0. R < 0 with nobody on the other side: the published counts
-- contradict the equation (interval NULL).
-- An audited cell in no equation at all is anything >= 0.
CREATE OR REPLACE TEMP TABLE audit_interval AS
WITH single AS (
    SELECT t.eq_id, t.cell_id, t.coef, u.audited
    FROM audit_uterm t
    JOIN audit_unknown u USING (cell_id)
    JOIN audit_label l USING (cell_id)
    JOIN audit_component c ON c.component_id = l.label
    WHERE c.equations = 1 AND c.audited > 0
),
seen AS (
    SELECT s.cell_id, s.coef * r.rhs AS r,
           count(*) FILTER (WHERE o.coef = s.coef) AS same_side,
           count(*) FILTER (WHERE o.coef <> s.coef) AS other_side
    FROM single s
    JOIN single o USING (eq_id)
    JOIN audit_rhs r USING (eq_id)
    WHERE s.audited
    GROUP BY s.cell_id, s.coef, r.rhs
)
SELECT cell_id,
       CASE WHEN other_side = 0 AND r < -$tolerance THEN NULL
            WHEN same_side = 1 THEN greatest(r, 0.0) ELSE 0.0 END AS lower,
       CASE WHEN other_side = 0 AND r < -$tolerance THEN NULL
            WHEN other_side = 0 THEN greatest(r, 0.0) ELSE 'inf'::DOUBLE END AS upper,
       other_side = 0 AND r < -$tolerance AS inconsistent
FROM seen
UNION ALL
-- Worked out by derive.sql: a point (NULL where the counts contradict each other).
SELECT d.cell_id,
       CASE WHEN d.value >= -$tolerance THEN greatest(d.value, 0.0) END,
       CASE WHEN d.value >= -$tolerance THEN greatest(d.value, 0.0) END,
       d.value < -$tolerance
FROM audit_derived d JOIN audit_unknown u USING (cell_id)
WHERE u.audited
UNION ALL
SELECT cell_id, 0.0, 'inf'::DOUBLE, false
FROM audit_unknown
WHERE audited AND cell_id NOT IN (SELECT cell_id FROM audit_uterm)
  AND cell_id NOT IN (SELECT cell_id FROM audit_derived);
