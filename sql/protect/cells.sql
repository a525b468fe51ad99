-- Small-number protection, step 1 (pipelines/protect/suppression.py): the cells of protect_source (the
-- rows of the blocks to work on, blocks.sql), their primary suppression, and the additive
-- groups a hidden cell could be worked out from. Temporary tables only; known.sql, derive.sql
-- and complement.sql then run in loops on them. Rows are assumed unique per indicator x area
-- x period x group (the fact table's key).

-- Every input row once, with what the decision needs. Rows and cells are told apart by their
-- rowid: only ids, no choice below depends on them (complement.sql breaks ties by area and
-- group code, unique within a group), so the result is the same whatever order the rows
-- came in. (row_number() OVER () would number them in one thread: two thirds of the time.)
CREATE OR REPLACE TEMP TABLE protect_input AS
SELECT block_id, area_code, group_code, sex, age_group, language_group,
       value, absolute_value, status
FROM protect_source;

-- Every area of the rows and of mart.dim_area, numbered; municipalities with their wellbeing
-- services county (county_id), where that is an area of level wellbeing_county.
CREATE OR REPLACE TEMP TABLE protect_area AS
WITH code AS (
    SELECT area_code FROM mart.dim_area
    UNION
    SELECT DISTINCT area_code FROM protect_input
)
SELECT row_number() OVER () AS area_id, area_code
FROM code;

CREATE OR REPLACE TEMP TABLE protect_municipality AS
SELECT m_id.area_id, c_id.area_id AS county_id
FROM mart.dim_area m
JOIN mart.dim_area c ON c.area_code = m.wellbeing_county_code
                    AND c.area_level = 'wellbeing_county'
JOIN protect_area m_id ON m_id.area_code = m.area_code
JOIN protect_area c_id ON c_id.area_code = c.area_code
WHERE m.area_level = 'municipality';

-- count_value: the number a person could be singled out by: for count indicators the value,
-- for every other unit (rates) the absolute_value behind it. published: that count is a
-- number in the input (status ok or zero); missing, confidential and the like are not.
CREATE OR REPLACE TEMP TABLE protect_present AS
WITH row_cell AS (
    SELECT i.rowid AS row_id, i.block_id, a.area_id, i.area_code,
           i.sex, i.age_group, i.language_group,
           coalesce(d.unit = 'count', false) AS is_count,
           i.value, i.absolute_value,
           i.status IN ('ok', 'zero') AS status_published
    FROM protect_input i
    JOIN protect_area a USING (area_code)
    JOIN protect_block b USING (block_id)
    LEFT JOIN mart.dim_indicator d ON d.indicator_code = b.indicator_code
)
SELECT row_id, block_id, area_id, area_code, sex, age_group, language_group,
       CASE WHEN is_count THEN value ELSE absolute_value END AS count_value,
       status_published AND (CASE WHEN is_count THEN value ELSE absolute_value END) IS NOT NULL
           AS published,
       -- Primary: a published count of 1 .. threshold-1, be it the value of a count indicator
       -- or the absolute value behind any value. Zero is not suppressed: an empty cell says
       -- nobody is in it, which singles nobody out.
       CASE WHEN status_published
                 AND ((is_count AND value > 0 AND value < $threshold)
                      OR (absolute_value > 0 AND absolute_value < $threshold))
            THEN 'primary' END AS suppression
FROM row_cell;

-- Cells: the rows, plus the cells the rows' additive structures imply but the input lacks
-- (row_id NULL). An absent cell is unknown, yet it can be worked out (a municipality the
-- data lacks = county - the others) and then give away another one, so the groups must
-- hold it. Per block (indicator x period x age group), the cube of its areas x sexes x
-- languages: sexes male and female where any row is by sex, languages where any row is by
-- language, and a wellbeing services county with all its municipalities where any of them
-- has a row.
CREATE OR REPLACE TEMP TABLE protect_cell AS
WITH block_sex AS (
    SELECT block_id,
           unnest(CASE WHEN bool_or(sex IN ('male', 'female'))
                       THEN ['total', 'male', 'female'] ELSE ['total'] END) AS sex
    FROM protect_present
    GROUP BY block_id
),
block_language AS (
    SELECT block_id,
           unnest(CASE WHEN bool_or(language_group IN ('fi', 'sv', 'other'))
                       THEN ['total', 'fi', 'sv', 'other'] ELSE ['total'] END) AS language_group
    FROM protect_present
    GROUP BY block_id
),
block_county AS (
    SELECT DISTINCT p.block_id, m.county_id
    FROM protect_present p
    JOIN protect_municipality m USING (area_id)
),
block_area AS (
    SELECT DISTINCT block_id, area_id FROM protect_present
    UNION
    SELECT block_id, county_id FROM block_county
    UNION
    SELECT b.block_id, m.area_id
    FROM block_county b
    JOIN protect_municipality m USING (county_id)
),
cube AS (
    SELECT a.block_id, a.area_id, s.sex, l.language_group
    FROM block_area a
    JOIN block_sex s USING (block_id)
    JOIN block_language l USING (block_id)
),
absent AS (
    SELECT c.block_id, c.area_id, c.sex, c.language_group
    FROM cube c
    ANTI JOIN protect_present p USING (block_id, area_id, sex, language_group)
),
cell AS (
    SELECT block_id, area_id, area_code, sex, age_group, language_group, row_id, count_value,
           published, suppression
    FROM protect_present
    UNION ALL
    SELECT x.block_id, x.area_id, a.area_code, x.sex, b.age_group, x.language_group,
           NULL, NULL, false, NULL
    FROM absent x
    JOIN protect_area a USING (area_id)
    JOIN protect_block b USING (block_id)
)
SELECT block_id, area_id, area_code, sex, age_group, language_group,
       sex || '.' || age_group || '.' || language_group AS group_code,
       row_id, count_value,
       coalesce(published, false) AS published,
       -- known: published and not suppressed, or worked out from such counts (known.sql,
       -- derive.sql).
       false AS known,
       suppression
FROM cell;

ALTER TABLE protect_cell ADD COLUMN cell_id BIGINT;

UPDATE protect_cell SET cell_id = rowid;

-- Additive groups: a total (the head) and the parts that sum to it, within one block with
-- every other dimension fixed. group_id = head cell x 3 + kind.
--   sex (0):      total = male + female
--   language (1): total = fi + sv + other
--   area (2):     wellbeing services county = all its municipalities (mart.dim_area)
-- Age groups overlap (16-24 and 18-24) and are no additive structure.
CREATE OR REPLACE TEMP TABLE protect_member AS
WITH county_size AS (
    SELECT county_id, count(*) AS municipalities
    FROM protect_municipality
    GROUP BY county_id
),
part AS (
    SELECT h.cell_id * 3 AS group_id, h.cell_id AS head_id, p.cell_id, 2 AS expected
    FROM protect_cell h
    JOIN protect_cell p
      ON p.block_id = h.block_id AND p.area_id = h.area_id
     AND p.language_group = h.language_group
    WHERE h.sex = 'total' AND p.sex IN ('male', 'female')
    UNION ALL
    SELECT h.cell_id * 3 + 1, h.cell_id, p.cell_id, 3
    FROM protect_cell h
    JOIN protect_cell p
      ON p.block_id = h.block_id AND p.area_id = h.area_id AND p.sex = h.sex
    WHERE h.language_group = 'total' AND p.language_group IN ('fi', 'sv', 'other')
    UNION ALL
    SELECT h.cell_id * 3 + 2, h.cell_id, p.cell_id, s.municipalities
    FROM protect_cell h
    JOIN county_size s ON s.county_id = h.area_id
    JOIN protect_municipality m ON m.county_id = h.area_id
    JOIN protect_cell p
      ON p.block_id = h.block_id AND p.area_id = m.area_id
     AND p.sex = h.sex AND p.language_group = h.language_group
),
-- The cube holds every part of a structure in use; a group lacking one is not in use.
whole AS (
    SELECT group_id FROM part GROUP BY group_id, expected HAVING count(*) = expected
)
SELECT group_id, cell_id, false AS is_head FROM part SEMI JOIN whole USING (group_id)
UNION ALL
SELECT DISTINCT group_id, head_id, true FROM part SEMI JOIN whole USING (group_id);
