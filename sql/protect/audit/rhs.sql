-- Protection audit, step 2 continued: the sum of the known cells of the equations with a
-- count-less unknown (the counts shown, less those hidden: the shown unknowns), and every
-- equation's rhs.
CREATE OR REPLACE TEMP TABLE audit_known_sum AS
SELECT s.group_id AS eq_id,
       s.shown_sum - coalesce(sum(t.coef * t.count_value) FILTER (WHERE t.shown), 0)
           AS known_sum
FROM protect_shown_sum s
JOIN audit_term t ON t.eq_id = s.group_id
GROUP BY s.group_id, s.shown_sum;

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
