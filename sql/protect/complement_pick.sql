-- Small-number protection, complement.sql's pick among the cells of the exposed groups
-- (protect_group_cell, layout/group_cells.sql): the cells not hidden, ordered as complement.sql
-- says; one per group.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH member AS (
    SELECT g.group_id, g.cell_key, g.coef, c.shown, c.count_value
    FROM protect_group_cell g
    JOIN protect_cell c USING (cell_key)
    LEFT JOIN protect_dark d USING (cell_key)
    WHERE d.cell_key IS NULL OR (d.suppression IS NULL AND d.known)
),
coded AS (
    SELECT m.*, a.area_code,
           protect_sex_code(protect_sex_of(m.cell_key)) || '.' || x.age_group || '.'
               || protect_lang_code(protect_lang_of(m.cell_key)) AS group_code
    FROM member m
    JOIN protect_area a ON a.area_id = protect_area_of(m.cell_key)
    JOIN protect_age x ON x.age_id = protect_age_of(m.cell_key)
)
SELECT DISTINCT cell_key
FROM coded
QUALIFY row_number() OVER (
    PARTITION BY group_id
    ORDER BY NOT shown, coef > 0, count_value = 0, count_value, area_code, group_code, cell_key
) = 1;
