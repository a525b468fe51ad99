-- Small-number protection, the aggregates of municipalities (pipelines/suppression.py): an
-- aggregate other than a wellbeing services county and the whole country (a sub-region, a
-- region, a hospital district, an ELY, AVI or ERVA area, a major region, ...) is published
-- in a block only where none of its municipalities has a hidden count there; else its cells
-- in the block are hidden too ('complementary'). The complementary search over every
-- hierarchy at once cascaded (640,510 cells at 20 M rows) and a search per aggregate costs
-- rounds the build cannot bear; with this rule a hidden aggregate adds an unknown for every
-- equation it brings, so it tells nothing about its municipalities, and the two aggregates
-- still published beside hidden counts are those the complementary search protects: the
-- county (county = its municipalities) and the country (= every municipality: a county's
-- hidden counts come at least in twos). The protection audit proves the result
-- (pipelines/protection_audit.py).
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH hidden_municipality AS (
    SELECT DISTINCT c.block_id, c.area_code
    FROM protect_cell c
    JOIN mart.dim_area a USING (area_code)
    WHERE a.area_level = 'municipality' AND c.suppression IS NOT NULL
),
exposed_aggregate AS (
    SELECT DISTINCT h.block_id, g.total_area_code AS area_code
    FROM hidden_municipality h
    JOIN protect_area_group g ON g.member_area_code = h.area_code
    LEFT JOIN mart.dim_area t ON t.area_code = g.total_area_code
    WHERE coalesce(t.area_level, '') NOT IN ('wellbeing_county', 'country')
)
SELECT c.cell_id
FROM protect_cell c
JOIN exposed_aggregate e USING (block_id, area_code)
WHERE c.published AND c.suppression IS NULL;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
