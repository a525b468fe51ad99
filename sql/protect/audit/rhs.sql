-- Protection audit, step 2 continued: the known cells of the equations with a count-less
-- unknown (protect_group_cell: layout/group_cells.sql), their sum, and every equation's rhs.
CREATE OR REPLACE TEMP TABLE audit_known_sum AS
SELECT g.group_id AS eq_id, sum(g.coef * c.count_value) AS known_sum
FROM protect_group_cell g
JOIN protect_cell c USING (cell_key)
ANTI JOIN audit_unknown u ON u.cell_id = g.cell_key
WHERE c.shown
GROUP BY g.group_id;

CREATE OR REPLACE TEMP TABLE audit_rhs AS
SELECT t.eq_id,
       CASE WHEN bool_and(t.count_value IS NOT NULL) THEN sum(t.coef * t.count_value)
            ELSE -coalesce(any_value(k.known_sum), 0) END AS rhs
FROM audit_term t
LEFT JOIN audit_known_sum k USING (eq_id)
GROUP BY t.eq_id;

-- The unknown terms, which the loops below drop equations from.
CREATE OR REPLACE TEMP TABLE audit_uterm AS
SELECT eq_id, cell_id, coef::DOUBLE AS coef FROM audit_term;
