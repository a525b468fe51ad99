-- Small-number protection, the cells (pipelines/protect/layout.py): every row of the blocks
-- worked on, keyed (macros.sql), with its count, whether the publisher shows it, whether it
-- is hidden (the decision's small counts, or the published file's hidden cells for the
-- audit) and whether its interval is asked for (target). The key is the row's identity: the
-- fact key (indicator x area x period x group) is unique, and so is the cell key.
CREATE OR REPLACE TEMP TABLE protect_cell AS
SELECT protect_key(m.block_id, a.area_id, g.age_id, r.sex_id, r.lang_id) AS cell_key,
       r.count_value, r.shown, r.hidden, r.target
FROM protect_rows r
JOIN protect_block_member m USING (indicator_code, period, age_group)
JOIN protect_area a USING (area_code)
JOIN protect_age g USING (age_group);
