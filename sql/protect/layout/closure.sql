-- Small-number protection, the cells the equations need but the data lack (pipelines/protect/
-- layout.py). An equation is used in a block where its total is there: a row of the block,
-- or a total that is itself a member elsewhere whose parts are there (a municipality whose
-- districts the data hold). Then every cell of it is a cell of the block: those the data
-- lack are unknowns >= 0 (a municipality missing from a county table), and so are the age
-- atoms no row holds (pipelines/protect/ages.py) and the sexes and languages of a block
-- broken down by them. An equation whose total the data lack and which is no member
-- anywhere (a region no row names) is left out: its total takes any value its members sum
-- to, so it tells a reader nothing; so is one whose members are in no other equation where
-- the block holds none of them (a municipality's districts in a table by municipality).
--
-- Blocks mostly share their areas (every block of a national Sotkanet file holds every
-- region), so the closure is worked out once per distinct set of areas.
CREATE OR REPLACE TEMP TABLE protect_block_area AS
SELECT (slice >> 16)::INTEGER AS block_id, (slice & 65535)::INTEGER AS area_id, cells
FROM (SELECT cell_key >> 14 AS slice, count(*) AS cells FROM protect_cell GROUP BY slice);

CREATE OR REPLACE TEMP TABLE protect_area_set AS
WITH listed AS (
    SELECT block_id, list(area_id ORDER BY area_id) AS areas
    FROM protect_block_area
    GROUP BY block_id
),
distinct_set AS (
    SELECT areas, row_number() OVER (ORDER BY areas)::INTEGER AS set_id
    FROM (SELECT DISTINCT areas FROM listed)
)
SELECT l.block_id, s.set_id, s.areas
FROM listed l JOIN distinct_set s USING (areas);

UPDATE protect_block SET set_id = s.set_id
FROM protect_area_set s WHERE s.block_id = protect_block.block_id;

-- Per set: the areas present, then the nested totals whose parts are present (E1), then the
-- equations in use (total in E1) and all their members (E2).
CREATE OR REPLACE TEMP TABLE protect_set_area AS
WITH present AS (
    SELECT DISTINCT set_id, unnest(areas) AS area_id FROM protect_area_set
),
nested_total AS (
    SELECT DISTINCT p.set_id, n.total_id AS area_id
    FROM present p
    JOIN protect_area_term t ON t.area_id = p.area_id AND t.coef = -1
    JOIN protect_area_nested n USING (eq_no)
),
e1 AS (
    SELECT set_id, area_id, true AS present FROM present
    UNION ALL
    SELECT set_id, area_id, false FROM nested_total ANTI JOIN present USING (set_id, area_id)
)
SELECT set_id, area_id, true AS e1, present FROM e1;

CREATE OR REPLACE TEMP TABLE protect_set_eq AS
SELECT s.set_id, e.eq_no, e.audit, e.pairing
FROM protect_set_area s
JOIN protect_area_term t ON t.area_id = s.area_id AND t.coef = 1
JOIN protect_area_eq e USING (eq_no)
WHERE e.eq_no NOT IN (SELECT eq_no FROM protect_area_leaf)
   OR EXISTS (SELECT 1 FROM protect_area_term m
              JOIN protect_set_area p ON p.area_id = m.area_id AND p.set_id = s.set_id
              WHERE m.eq_no = e.eq_no AND m.coef = -1);

INSERT INTO protect_set_area
SELECT DISTINCT q.set_id, t.area_id, false, false
FROM protect_set_eq q
JOIN protect_area_term t USING (eq_no)
ANTI JOIN protect_set_area a ON a.set_id = q.set_id AND a.area_id = t.area_id
WHERE t.coef = -1;

-- The cells each (block, area) should have: sexes x languages x ages of the block.
CREATE OR REPLACE TEMP TABLE protect_block_shape AS
SELECT b.block_id, b.set_id,
       CASE WHEN b.by_sex THEN [0, 1, 2] ELSE [0] END AS sexes,
       CASE WHEN b.by_language THEN [0, 1, 2, 3] ELSE [0] END AS languages,
       (SELECT list(age_id) FROM protect_pattern_age p WHERE p.pattern_id = b.pattern_id) AS ages
FROM protect_block b;

-- (block, area) slices to complete: areas the block lacks (per set: those its equations
-- need beyond its own), and areas with fewer cells than sexes x languages x ages.
CREATE OR REPLACE TEMP TABLE protect_slice_to_complete AS
SELECT s.block_id, a.area_id
FROM protect_block_shape s
JOIN protect_set_area a USING (set_id)
WHERE NOT a.present
UNION ALL
SELECT p.block_id, p.area_id
FROM protect_block_area p
JOIN protect_block_shape s USING (block_id)
WHERE p.cells < len(s.sexes) * len(s.languages) * len(s.ages);

INSERT INTO protect_cell
WITH slice AS (
    SELECT c.block_id, c.area_id, s.ages, s.sexes, s.languages
    FROM protect_slice_to_complete c JOIN protect_block_shape s USING (block_id)
),
keyed AS (
    SELECT protect_key(s.block_id, s.area_id, g.age_id, x.sex, l.lang) AS cell_key
    FROM slice s, unnest(s.ages) g(age_id), unnest(s.sexes) x(sex), unnest(s.languages) l(lang)
)
SELECT k.cell_key, NULL::DOUBLE, false, false, false
FROM keyed k
ANTI JOIN protect_cell c USING (cell_key);
