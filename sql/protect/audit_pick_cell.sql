-- Small-number protection, audit_pick.sql's pick among the cells of those groups
-- (protect_group_cell): published and not hidden; one per block.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH candidate AS (
    SELECT g.cell_key, bool_or(w.beside_fixed) AS beside_fixed, max(g.coef) > 0 AS is_head,
           any_value(c.count_value) AS count_value
    FROM protect_group_cell g
    JOIN protect_want_group w USING (group_id)
    JOIN protect_cell c USING (cell_key)
    LEFT JOIN protect_dark d USING (cell_key)
    WHERE c.shown AND d.suppression IS NULL
    GROUP BY g.cell_key
),
coded AS (
    SELECT c.*, a.area_code,
           protect_sex_code(protect_sex_of(c.cell_key)) || '.' || x.age_group || '.'
               || protect_lang_code(protect_lang_of(c.cell_key)) AS group_code
    FROM candidate c
    JOIN protect_area a ON a.area_id = protect_area_of(c.cell_key)
    JOIN protect_age x ON x.age_id = protect_age_of(c.cell_key)
)
SELECT cell_key
FROM coded
QUALIFY row_number() OVER (
    PARTITION BY protect_block_of(cell_key)
    ORDER BY NOT beside_fixed, is_head, count_value = 0, count_value, area_code, group_code,
             cell_key
) = 1;
