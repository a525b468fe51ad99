-- Small-number protection, the boxes (box_setup.sql): hide every published cell of the boxes
-- in protect_box_new. A box's areas: its small count's area, the plus side, the partners,
-- and every aggregate holding some but not all of plus side and partners (it moves by the
-- difference); its sexes and languages: the count's and the total (all of them for a
-- total); its ages: every age group holding the count's first atom.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH box AS (
    SELECT p.* FROM protect_box_primary p SEMI JOIN protect_box_new USING (primary_key)
),
side AS (
    SELECT primary_key, area_id FROM protect_box_plus SEMI JOIN box USING (primary_key)
    UNION
    SELECT primary_key, area_id FROM protect_box_partner SEMI JOIN box USING (primary_key)
),
-- An aggregate holding the whole plus side and every partner does not move (what one side
-- gains the other loses); without a partner, every aggregate holding the plus side moves.
size AS (
    SELECT s.primary_key, count(*) AS areas, bool_or(x.area_id IS NOT NULL) AS balanced
    FROM side s
    LEFT JOIN protect_box_partner x ON x.primary_key = s.primary_key AND x.area_id = s.area_id
    GROUP BY ALL
),
touched AS (
    SELECT s.primary_key, t.total_id, count(DISTINCT s.area_id) AS hits
    FROM side s
    JOIN protect_box_above a ON a.area_id = s.area_id
    JOIN protect_box_total t ON t.eq_no = a.eq_no
    GROUP BY ALL
),
box_area AS (
    SELECT primary_key, area_id FROM box
    UNION
    SELECT primary_key, area_id FROM side
    UNION
    SELECT t.primary_key, t.total_id
    FROM touched t JOIN size z USING (primary_key)
    WHERE t.hits < z.areas OR NOT z.balanced
),
shaped AS (
    SELECT b.primary_key, b.block_id, protect_age_of(b.primary_key) AS age_id,
           protect_sex_of(b.primary_key) AS sex, protect_lang_of(b.primary_key) AS lang,
           k.pattern_id, k.by_sex, k.by_language
    FROM box b JOIN protect_block k USING (block_id)
),
-- The count's first atom: itself where it is an atom, else the youngest of its atoms.
first_atom AS (
    SELECT s.primary_key, coalesce(arg_min(p.atom_id, a.lo), any_value(s.age_id)) AS atom_id
    FROM shaped s
    LEFT JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.band_id = s.age_id
    LEFT JOIN protect_age a ON a.age_id = p.atom_id
    GROUP BY s.primary_key
),
box_age AS (
    SELECT f.primary_key, f.atom_id AS age_id FROM first_atom f
    UNION
    SELECT f.primary_key, p.band_id
    FROM first_atom f
    JOIN shaped s USING (primary_key)
    JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.atom_id = f.atom_id
),
box_sex AS (
    SELECT s.primary_key, x.sex
    FROM shaped s, (VALUES (0), (1), (2)) x(sex)
    WHERE x.sex = s.sex OR x.sex = 0 OR (s.sex = 0 AND s.by_sex)
),
box_lang AS (
    SELECT s.primary_key, x.lang
    FROM shaped s, (VALUES (0), (1), (2), (3)) x(lang)
    WHERE x.lang = s.lang OR x.lang = 0 OR (s.lang = 0 AND s.by_language)
),
box_cell AS (
    SELECT protect_key(b.block_id, a.area_id, g.age_id, x.sex, l.lang) AS cell_key
    FROM box b
    JOIN box_area a USING (primary_key)
    JOIN box_age g USING (primary_key)
    JOIN box_sex x USING (primary_key)
    JOIN box_lang l USING (primary_key)
)
SELECT DISTINCT c.cell_key
FROM box_cell x
JOIN protect_cell c USING (cell_key)
LEFT JOIN protect_dark d USING (cell_key)
WHERE c.shown AND d.suppression IS NULL;
