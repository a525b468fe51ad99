-- Small-number protection: the equations (groups) the cells of protect_seed are in, each
-- with the cell's coefficient (+1 the total, -1 a part), for the decision ($audit false:
-- sex, language, age and the pairing groups: a county's municipalities, a municipality's
-- areas of one level) or for the audit ($audit true: sex, language, age and every area
-- equation of protect_area_group). A group is named by its head's key and kind (macros.sql).
--   sex:      total = male + female, where the block is by sex
--   language: total = fi + sv + other, where the block is by language
--   age:      an age group = the sum of its atoms (pipelines/protect/ages.py)
--   area:     a total = its members, where the equation is in use in the block
--             (closure.sql)
-- Every cell of a group is a cell of the layout (closure.sql adds those the data lack).
CREATE OR REPLACE TEMP TABLE protect_new_member AS
WITH seed AS (
    SELECT s.cell_key, b.by_sex, b.by_language, b.pattern_id, b.set_id,
           protect_area_of(s.cell_key) AS area_id, protect_age_of(s.cell_key) AS age_id,
           protect_sex_of(s.cell_key) AS sex, protect_lang_of(s.cell_key) AS lang
    FROM protect_seed s
    JOIN protect_block b ON b.block_id = protect_block_of(s.cell_key)
)
SELECT protect_group(protect_with_sex(cell_key, 0), 0) AS group_id, cell_key,
       CASE WHEN sex = 0 THEN 1 ELSE -1 END AS coef
FROM seed WHERE by_sex
UNION ALL
SELECT protect_group(protect_with_lang(cell_key, 0), 1), cell_key,
       CASE WHEN lang = 0 THEN 1 ELSE -1 END
FROM seed WHERE by_language
UNION ALL
SELECT protect_group(s.cell_key, 2), s.cell_key, 1
FROM seed s
SEMI JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.band_id = s.age_id
UNION ALL
SELECT protect_group(protect_with_age(s.cell_key, p.band_id), 2), s.cell_key, -1
FROM seed s
JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.atom_id = s.age_id
UNION ALL
SELECT protect_group(protect_with_area(s.cell_key, t.eq_no), 3), s.cell_key, t.coef
FROM seed s
JOIN protect_area_term t ON t.area_id = s.area_id
JOIN protect_set_eq e ON e.set_id = s.set_id AND e.eq_no = t.eq_no
WHERE CASE WHEN $audit THEN e.audit ELSE e.pairing END;
