-- Small-number protection, the boxes (pipelines/protect/suppression.py `_boxes`), set up once per
-- decision. A small count (primary cell) an aggregate would expose (protect_box_exposed,
-- below), or one the protection audit finds not protected, gets a box: the published cells
-- that move together with it in one direction every equation allows (sex, language, every
-- area aggregate), hidden all. A reader then cannot pin the count: adding t to the box's plus side
-- and taking it from its minus side leaves every published count and every equation as it
-- was. The box is the proof (a certificate), the protection audit checks the same by LP.
--
-- The direction is area x sex x language:
--   area: plus the small count's area (a municipality; for an aggregate, its municipalities
--     with a count), minus one or more partner municipalities (box_partner.sql); every
--     aggregate holding some but not all of them moves too and is hidden with them;
--   sex: the count's sex and the total (total = male + female moves by t on both sides);
--     for a total, every sex;
--   language: likewise with total = fi + sv + other.
-- The partner's count is what the small count can grow by, so a partner of at least the
-- protection interval (p) gives the small count an interval [0, v + p] or wider.

-- The area kind of each primary cell: a municipality (member of some aggregate), an aggregate
-- (total of one), or alone (no area equation: a postal code area, a district).
CREATE OR REPLACE TEMP TABLE protect_box_primary AS
WITH member AS (SELECT DISTINCT member_area_code AS area_code FROM protect_area_group),
total AS (SELECT DISTINCT total_area_code AS area_code FROM protect_area_group)
SELECT c.cell_id AS primary_id, c.block_id, c.area_code, c.area_id, c.sex, c.language_group,
       c.count_value AS v,
       CASE WHEN c.area_code IN (SELECT area_code FROM member) THEN 'municipality'
            WHEN c.area_code IN (SELECT area_code FROM total) THEN 'aggregate'
            ELSE 'alone' END AS kind
FROM protect_cell c
WHERE c.suppression = 'primary';

-- The plus side: the municipality itself, or the aggregate's municipalities whose count in
-- the same block, sex and language is not a published 0 (a 0 cannot move down).
CREATE OR REPLACE TEMP TABLE protect_box_plus AS
SELECT primary_id, area_code FROM protect_box_primary WHERE kind = 'municipality'
UNION ALL
SELECT p.primary_id, g.member_area_code
FROM protect_box_primary p
JOIN protect_area_group g ON g.total_area_code = p.area_code
JOIN protect_cell c ON c.block_id = p.block_id AND c.area_code = g.member_area_code
                   AND c.sex = p.sex AND c.language_group = p.language_group
WHERE p.kind = 'aggregate' AND NOT (c.published AND c.count_value = 0);

-- The anchor of each box: the plus-side municipality its partners are ranked against (the
-- municipality itself, or the aggregate's largest), and the municipalities a partner may not
-- be (the aggregate's members: a partner inside it would not move it).
CREATE OR REPLACE TEMP TABLE protect_box_anchor AS
SELECT p.primary_id, a.area_code AS anchor_code, m.county_id
FROM protect_box_primary p
JOIN protect_box_plus a USING (primary_id)
LEFT JOIN protect_cell c ON c.block_id = p.block_id AND c.area_code = a.area_code
                        AND c.sex = p.sex AND c.language_group = p.language_group
LEFT JOIN protect_area x ON x.area_code = a.area_code
LEFT JOIN protect_municipality m ON m.area_id = x.area_id
QUALIFY row_number() OVER (PARTITION BY p.primary_id
                           ORDER BY c.count_value DESC NULLS LAST, a.area_code) = 1;

CREATE OR REPLACE TEMP TABLE protect_box_excluded AS
SELECT primary_id, area_code FROM protect_box_plus
UNION
SELECT p.primary_id, g.member_area_code
FROM protect_box_primary p
JOIN protect_area_group g ON g.total_area_code = p.area_code
WHERE p.kind = 'aggregate';

-- How many aggregates each pair of municipalities shares, and how many each is in: a
-- partner that shares all of the anchor's aggregates moves none of them.
CREATE OR REPLACE TEMP TABLE protect_box_degree AS
SELECT member_area_code AS area_code, count(DISTINCT total_area_code) AS aggregates
FROM protect_area_group
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE protect_box_partner (
    primary_id BIGINT, area_code VARCHAR, pick INTEGER);

-- The small counts wanting a(nother) partner (box_failing.sql: those the audit finds not
-- protected) and the boxes to hide in a round (box_partner.sql).
CREATE OR REPLACE TEMP TABLE protect_box_want (primary_id BIGINT);

CREATE OR REPLACE TEMP TABLE protect_box_new (primary_id BIGINT);

-- The small counts that get their box before any audit: those an aggregate published in the
-- block would otherwise expose. The groups' rounds pair a small count within its wellbeing
-- services county, which keeps every aggregate holding the whole county (the country, a
-- major region) balanced, but not one that cuts through the county (a sub-region, a
-- hospital district of another shape): a municipality with such an aggregate published, or
-- such an aggregate itself. The others are left to the groups' rounds and the audit, which
-- gives them a box only where it finds them not protected (fewer cells hidden).
CREATE OR REPLACE TEMP TABLE protect_box_whole_county AS
SELECT g.total_area_code, m.county_id
FROM protect_area_group g
JOIN protect_area a ON a.area_code = g.member_area_code
JOIN protect_municipality m ON m.area_id = a.area_id
GROUP BY ALL
HAVING count(DISTINCT g.member_area_code)
       = (SELECT count(*) FROM protect_municipality x WHERE x.county_id = m.county_id);

CREATE OR REPLACE TEMP TABLE protect_box_exposed AS
SELECT p.primary_id
FROM protect_box_primary p
LEFT JOIN protect_municipality m ON m.area_id = p.area_id
WHERE p.kind = 'municipality'
  AND EXISTS (
      SELECT 1
      FROM protect_area_group g
      JOIN protect_cell t ON t.block_id = p.block_id AND t.area_code = g.total_area_code
      WHERE g.member_area_code = p.area_code AND t.published
        AND NOT EXISTS (SELECT 1 FROM protect_box_whole_county w
                        WHERE w.total_area_code = g.total_area_code
                          AND w.county_id = m.county_id))
UNION ALL
SELECT p.primary_id
FROM protect_box_primary p
WHERE p.kind = 'aggregate'
  AND p.area_id NOT IN (SELECT county_id FROM protect_municipality)
  AND p.area_code NOT IN (SELECT total_area_code FROM protect_box_whole_county);
