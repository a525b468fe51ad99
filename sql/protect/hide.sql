-- Small-number protection: hide the cells of protect_step (complementary), and bring their
-- groups into protect_member (pipelines/protect/suppression.py `_hide` runs layout/groups.sql
-- on protect_seed after this).
CREATE OR REPLACE TEMP TABLE protect_seed AS
SELECT DISTINCT s.cell_key
FROM protect_step s
ANTI JOIN protect_dark d USING (cell_key);

UPDATE protect_dark SET suppression = 'complementary'
WHERE suppression IS NULL AND cell_key IN (SELECT cell_key FROM protect_step);

INSERT INTO protect_dark
SELECT c.cell_key, c.count_value, c.shown, c.target, 'complementary', false
FROM protect_cell c
SEMI JOIN protect_seed s USING (cell_key);
