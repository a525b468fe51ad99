-- Small-number protection, the aggregates of municipalities (pipelines/suppression.py): a
-- sub-region, a region, the country, a hospital district, an ELY, AVI or ERVA area, ... is
-- the sum of its municipalities (protect_area_group), so where it is published and exactly one
-- of its municipalities' cells (in a block, for one sex and language) is hidden, that cell is
-- the aggregate minus the others. One more municipality of the aggregate is hidden then: the
-- one sharing the most aggregates with the hidden one (the same sub-region, so mostly the same
-- region, county, hospital district: the pair then sits inside every coarser aggregate
-- together, and those are not exposed), a 0 last, the smallest count, ties by code; with no
-- other municipality left, the aggregate itself. Only the
-- cells that are hidden are looked at (a few per cent of the rows): a municipality the data
-- lacks is taken as known, which can only hide more. Rounds repeat with the other groups'
-- rounds until nothing is exposed; combinations of equations are the audit's.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH municipality AS (
    SELECT DISTINCT member_area_code AS area_code FROM protect_area_group
),
hidden_cell AS (
    SELECT c.block_id, c.area_code, c.sex, c.language_group
    FROM protect_cell c
    SEMI JOIN municipality USING (area_code)
    WHERE c.suppression IS NOT NULL OR NOT c.known
),
touched AS (
    SELECT h.block_id, g.total_area_code, h.sex, h.language_group, count(*) AS hidden,
           any_value(h.area_code) AS hidden_area
    FROM hidden_cell h
    JOIN protect_area_group g ON g.member_area_code = h.area_code
    GROUP BY ALL
),
exposed AS (
    SELECT t.block_id, t.total_area_code, t.sex, t.language_group, t.hidden_area,
           row_number() OVER () AS exposure_id
    FROM touched t
    JOIN protect_cell a ON a.block_id = t.block_id AND a.area_code = t.total_area_code
                       AND a.sex = t.sex AND a.language_group = t.language_group
    WHERE t.hidden = 1 AND a.known
),
shared AS (
    SELECT p.area_code, p.partner, count(*) AS shared
    FROM (SELECT DISTINCT e.hidden_area AS area_code, o.member_area_code AS partner
          FROM exposed e
          JOIN protect_area_group o ON o.total_area_code = e.total_area_code) p
    JOIN protect_area_group g1 ON g1.member_area_code = p.area_code
    JOIN protect_area_group g2 ON g2.member_area_code = p.partner
                              AND g2.total_area_code = g1.total_area_code
                              AND g2.hierarchy = g1.hierarchy
    GROUP BY ALL
),
candidate AS (
    SELECT e.exposure_id, c.cell_id, coalesce(s.shared, 0) AS shared, c.count_value,
           c.area_code, c.group_code
    FROM exposed e
    JOIN protect_area_group m ON m.total_area_code = e.total_area_code
    JOIN protect_cell c ON c.block_id = e.block_id AND c.area_code = m.member_area_code
                       AND c.sex = e.sex AND c.language_group = e.language_group
    LEFT JOIN shared s ON s.area_code = e.hidden_area AND s.partner = c.area_code
    WHERE c.published AND c.suppression IS NULL AND c.known
    UNION ALL
    -- No other municipality left (a sub-region of one municipality equals it): the
    -- aggregate itself.
    SELECT e.exposure_id, a.cell_id, -1, a.count_value, a.area_code, a.group_code
    FROM exposed e
    JOIN protect_cell a ON a.block_id = e.block_id AND a.area_code = e.total_area_code
                       AND a.sex = e.sex AND a.language_group = e.language_group
    WHERE a.published AND a.suppression IS NULL
)
SELECT DISTINCT cell_id
FROM candidate
QUALIFY row_number() OVER (
    PARTITION BY exposure_id
    ORDER BY shared DESC, count_value = 0, count_value, area_code, group_code, cell_id
) = 1;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
