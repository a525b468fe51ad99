-- Protection audit, last step (pipelines/protect/audit.py): the audited cells that fail,
-- from the intervals of the closed form and of the solver (audit_interval). A hidden count v
-- is protected when its interval [lower, upper] has a width and reaches the protection
-- interval p on both sides: lower <= max(0, v - p) and upper >= v + p (with p = 0: only
-- that it is not fixed). reason: exact (the count can be worked out), narrow (the interval
-- is too narrow), inconsistent (the published counts contradict the equations around it:
-- the interval is NULL and the component needs a look).
CREATE OR REPLACE TEMP TABLE audit_failing_cell AS
WITH decided AS (
    SELECT i.*, u.count_value AS value,
           $tolerance * greatest(1.0, abs(u.count_value)) AS tolerance
    FROM audit_interval i JOIN audit_unknown u USING (cell_id)
)
SELECT cell_id AS cell_key, value, lower, upper,
       CASE WHEN inconsistent THEN 'inconsistent'
            WHEN upper - lower <= tolerance THEN 'exact'
            ELSE 'narrow' END AS reason
FROM decided
WHERE inconsistent
   OR upper - lower <= tolerance
   OR lower > greatest(0.0, value - $protection) + tolerance
   OR upper < value + $protection - tolerance;
