-- Protection audit, last step (pipelines/protect/audit.py): the audited cells that fail,
-- from the intervals of the closed form and of the solver (audit_interval). A hidden count v
-- is protected when its interval [lower, upper] has a width and reaches the protection
-- interval p on both sides: lower <= max(0, v - p) and upper >= v + p (with p = 0: only
-- that it is not fixed). reason: exact (the count can be worked out), narrow (the interval
-- is too narrow), inconsistent (the published counts contradict the equations around it:
-- the interval is NULL and the component needs a look).
CREATE OR REPLACE TEMP TABLE audit_failing AS
WITH decided AS (
    SELECT i.*, c.block_id, c.area_code, c.group_code, c.count_value AS value,
           $tolerance * greatest(1.0, abs(c.count_value)) AS tolerance
    FROM audit_interval i JOIN audit_cell c USING (cell_id)
)
SELECT b.indicator_code, d.area_code, b.period, d.group_code, d.value, d.lower, d.upper,
       CASE WHEN d.inconsistent THEN 'inconsistent'
            WHEN d.upper - d.lower <= d.tolerance THEN 'exact'
            ELSE 'narrow' END AS reason
FROM decided d
JOIN audit_block b USING (block_id)
WHERE d.inconsistent
   OR d.upper - d.lower <= d.tolerance
   OR d.lower > greatest(0.0, d.value - $protection) + d.tolerance
   OR d.upper < d.value + $protection - d.tolerance
ORDER BY b.indicator_code, d.area_code, b.period, d.group_code;
