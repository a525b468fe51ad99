-- Small-number protection, the result: the rows to hide, by key, with the reason
-- ('primary' or 'complementary'). Only counts the publisher shows are hidden; rows the
-- publisher hid stay as they came (and cells the data lack have no row). The group code is
-- the row's own: sex, age and language come from it (layout/rows.sql).
CREATE OR REPLACE TEMP TABLE protect_decision AS
SELECT b.indicator_code, a.area_code, b.period,
       protect_sex_code(protect_sex_of(d.cell_key)) || '.' || x.age_group || '.'
           || protect_lang_code(protect_lang_of(d.cell_key)) AS group_code,
       d.suppression
FROM protect_dark d
JOIN protect_block b ON b.block_id = protect_block_of(d.cell_key)
JOIN protect_area a ON a.area_id = protect_area_of(d.cell_key)
JOIN protect_age x ON x.age_id = protect_age_of(d.cell_key)
WHERE d.shown AND d.suppression IS NOT NULL;
