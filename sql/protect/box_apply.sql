-- Small-number protection, the boxes (box_setup.sql): hide every published cell of the boxes
-- in protect_box_new. A box's areas: its small count's area, the plus side, the partners,
-- and every aggregate holding some but not all of plus side and partners (it moves by the
-- difference); its sexes and languages: the count's and the total (all of them for a total).
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH box AS (
    SELECT p.* FROM protect_box_primary p SEMI JOIN protect_box_new USING (primary_id)
),
side AS (
    SELECT primary_id, area_code FROM protect_box_plus SEMI JOIN box USING (primary_id)
    UNION
    SELECT primary_id, area_code FROM protect_box_partner SEMI JOIN box USING (primary_id)
),
-- An aggregate holding the whole plus side and every partner does not move (what one side
-- gains the other loses); without a partner, every aggregate holding the plus side moves.
size AS (
    SELECT s.primary_id, count(*) AS areas,
           bool_or(s.area_code IN (SELECT x.area_code FROM protect_box_partner x
                                   WHERE x.primary_id = s.primary_id)) AS balanced
    FROM side s GROUP BY ALL
),
touched AS (
    SELECT s.primary_id, g.total_area_code, count(DISTINCT s.area_code) AS hits
    FROM side s
    JOIN protect_area_group g ON g.member_area_code = s.area_code
    GROUP BY ALL
),
box_area AS (
    SELECT primary_id, area_code FROM box
    UNION
    SELECT primary_id, area_code FROM side
    UNION
    SELECT t.primary_id, t.total_area_code
    FROM touched t JOIN size z USING (primary_id)
    WHERE t.hits < z.areas OR NOT z.balanced
),
block_sex AS (SELECT DISTINCT block_id, sex FROM protect_cell WHERE block_id IN (SELECT block_id FROM box)),
block_language AS (
    SELECT DISTINCT block_id, language_group FROM protect_cell
    WHERE block_id IN (SELECT block_id FROM box)
),
box_cell AS (
    SELECT b.block_id, a.area_code, s.sex, l.language_group
    FROM box b
    JOIN box_area a USING (primary_id)
    JOIN block_sex s ON s.block_id = b.block_id
                    AND (b.sex = 'total' OR s.sex IN ('total', b.sex))
    JOIN block_language l ON l.block_id = b.block_id
                         AND (b.language_group = 'total'
                              OR l.language_group IN ('total', b.language_group))
)
SELECT DISTINCT c.cell_id
FROM box_cell x
JOIN protect_cell c USING (block_id, area_code, sex, language_group)
WHERE c.published AND c.suppression IS NULL;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
