-- Small-number protection applied to rows: every row of protect_all with its columns as they
-- came, except that a hidden one (protect_decision) loses its value and absolute value (a rate
-- goes with its count) and gets status suppressed; suppression says why, NULL for the rest.
CREATE OR REPLACE TEMP TABLE protect_result AS
SELECT f.* REPLACE (
           CASE WHEN d.suppression IS NULL THEN f.value END AS value,
           CASE WHEN d.suppression IS NULL THEN f.absolute_value END AS absolute_value,
           CASE WHEN d.suppression IS NULL THEN f.status ELSE 'suppressed' END AS status
       ),
       d.suppression
FROM protect_all f
LEFT JOIN protect_decision d USING (indicator_code, area_code, period, group_code)
ORDER BY f.indicator_code, f.area_code, f.period, f.group_code;
