-- Small-number protection, the result: every input row with its columns as they came, except
-- that a published count we suppressed loses its value and absolute value (a rate goes with
-- its count) and gets status suppressed; suppression says why ('primary', 'complementary'
-- or NULL). Rows the publisher hid stay as they came.
CREATE OR REPLACE TEMP VIEW protect_output AS
WITH decision AS (
    SELECT row_id, CASE WHEN published THEN suppression END AS suppression
    FROM protect_cell
    WHERE row_id IS NOT NULL
)
SELECT i.* EXCLUDE (protect_row_id) REPLACE (
           CASE WHEN d.suppression IS NULL THEN i.value END AS value,
           CASE WHEN d.suppression IS NULL THEN i.absolute_value END AS absolute_value,
           CASE WHEN d.suppression IS NULL THEN i.status ELSE 'suppressed' END AS status
       ),
       d.suppression
FROM protect_input i
JOIN decision d ON d.row_id = i.protect_row_id
ORDER BY i.protect_row_id;
