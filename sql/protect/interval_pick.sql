-- Small-number protection, one round of the protection audit's picks (pipelines/suppression.py,
-- _interval_audit): beside every hidden count the audit found not protected
-- (protect_determined), hide one more published cell of its block, so that every aggregate
-- holding it holds another hidden count too:
--   first a municipality of the same sex and language that shares the most area aggregates
--   with it (the same sub-region, so mostly the same region, county, hospital district ...:
--   a pair inside every coarser aggregate), a count of at least $protection before a
--   smaller one (it widens the interval the most), a 0 last, then the smallest count;
--   a hidden aggregate (a small count of a sub-region) one of its municipalities;
--   else any published cell of the block, the smallest.
-- Ties by area and group code: deterministic.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH failing AS (
    SELECT d.cell_id AS fixed_id, c.block_id, c.area_code, c.sex, c.language_group
    FROM protect_determined d
    JOIN protect_cell c USING (cell_id)
),
shared AS (
    SELECT f.fixed_id, o.member_area_code AS area_code, count(*) AS shared
    FROM failing f
    JOIN protect_area_group g ON g.member_area_code = f.area_code
    JOIN protect_area_group o ON o.hierarchy = g.hierarchy
                             AND o.total_area_code = g.total_area_code
    WHERE o.member_area_code <> f.area_code
    GROUP BY ALL
),
candidate AS (
    SELECT f.fixed_id, c.cell_id, 0 AS tier, s.shared, c.count_value, c.area_code,
           c.group_code
    FROM failing f
    JOIN shared s USING (fixed_id)
    JOIN protect_cell c ON c.block_id = f.block_id AND c.area_code = s.area_code
                       AND c.sex = f.sex AND c.language_group = f.language_group
    WHERE c.published AND c.suppression IS NULL
    UNION ALL
    -- A hidden aggregate whose members are published is their sum: one of them goes too.
    SELECT f.fixed_id, c.cell_id, 0, 1, c.count_value, c.area_code, c.group_code
    FROM failing f
    JOIN protect_area_group g ON g.total_area_code = f.area_code
    JOIN protect_cell c ON c.block_id = f.block_id AND c.area_code = g.member_area_code
                       AND c.sex = f.sex AND c.language_group = f.language_group
    WHERE c.published AND c.suppression IS NULL
    UNION ALL
    SELECT f.fixed_id, c.cell_id, 1, 0, c.count_value, c.area_code, c.group_code
    FROM failing f
    JOIN protect_cell c ON c.block_id = f.block_id
    WHERE c.published AND c.suppression IS NULL
)
SELECT DISTINCT cell_id
FROM candidate
QUALIFY row_number() OVER (
    PARTITION BY fixed_id
    ORDER BY tier, shared DESC, count_value < $protection, count_value = 0, count_value,
             area_code, group_code, cell_id
) = 1;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
