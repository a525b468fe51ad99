-- Small-number protection, the boxes (pipelines/protect/suppression.py `_boxes`), set up once per
-- decision. A small count (primary cell) an aggregate would expose (protect_box_exposed,
-- below), or one the protection audit finds not protected, gets a box: the published cells
-- that move together with it in one direction every equation allows (sex, language, age,
-- every area aggregate), hidden all. A reader then cannot pin the count: adding t to the
-- box's plus side and taking it from its minus side leaves every published count and every
-- equation as it was. The box is the proof (a certificate), the protection audit checks the
-- same by LP.
--
-- The direction is area x sex x language x age:
--   area: plus the small count's area (a member of some aggregate; for an aggregate, its
--     members with a count), minus one or more partners (box_partner.sql); every aggregate
--     holding some but not all of them, directly or through its members' aggregates (a
--     postal code area's municipality's region), moves too and is hidden with them;
--   sex: the count's sex and the total (total = male + female moves by t on both sides);
--     for a total, every sex;
--   language: likewise with total = fi + sv + other;
--   age: the count's first atom (pipelines/protect/ages.py) and every age group holding it.
-- The partner's count is what the small count can grow by, so a partner of at least the
-- protection interval (p) gives the small count an interval [0, v + p] or wider.
-- The "pairing group" of an area is the group the decision pairs it within
-- (protect_pairing_group: a municipality's county, a district's municipality).

-- The audit's area equations and their members, the pairing groups' members.
CREATE OR REPLACE TEMP TABLE protect_box_member AS
SELECT t.eq_no, t.area_id
FROM protect_area_term t JOIN protect_area_eq e USING (eq_no)
WHERE e.audit AND t.coef = -1;

CREATE OR REPLACE TEMP TABLE protect_box_total AS
SELECT t.eq_no, t.area_id AS total_id, e.audit, e.pairing
FROM protect_area_term t JOIN protect_area_eq e USING (eq_no)
WHERE t.coef = 1;

CREATE OR REPLACE TEMP TABLE protect_box_pairing AS
SELECT t.area_id, min(t.eq_no) AS pair_eq
FROM protect_area_term t JOIN protect_area_eq e USING (eq_no)
WHERE e.pairing AND t.coef = -1
GROUP BY t.area_id;

-- The area kind of each primary cell: a member of some aggregate, an aggregate (total of
-- one), or alone (no area equation).
CREATE OR REPLACE TEMP TABLE protect_box_primary AS
SELECT d.cell_key AS primary_key, protect_block_of(d.cell_key) AS block_id,
       protect_area_of(d.cell_key) AS area_id, d.count_value AS v,
       CASE WHEN protect_area_of(d.cell_key) IN (SELECT area_id FROM protect_box_member)
                THEN 'member'
            WHEN protect_area_of(d.cell_key) IN (SELECT total_id FROM protect_box_total
                                                 WHERE audit)
                THEN 'aggregate'
            ELSE 'alone' END AS kind
FROM protect_dark d
WHERE d.suppression = 'primary' AND d.shown;

-- The plus side: the member itself, or the aggregate's members whose count in the same slice
-- is not a published 0 (a 0 cannot move down).
CREATE OR REPLACE TEMP TABLE protect_box_plus AS
SELECT primary_key, area_id FROM protect_box_primary WHERE kind = 'member'
UNION
SELECT p.primary_key, m.area_id
FROM protect_box_primary p
JOIN protect_box_total t ON t.total_id = p.area_id AND t.audit
JOIN protect_box_member m USING (eq_no)
JOIN protect_cell c ON c.cell_key = protect_with_area(p.primary_key, m.area_id)
WHERE p.kind = 'aggregate' AND NOT (c.shown AND c.count_value = 0);

-- The anchor of each box: the plus-side area its partners are ranked against (the member
-- itself, or the aggregate's largest) and its pairing group; the areas a partner may not be
-- (the aggregate's members: a partner inside it would not move it).
CREATE OR REPLACE TEMP TABLE protect_box_anchor AS
SELECT p.primary_key, a.area_id AS anchor_id, g.pair_eq
FROM protect_box_primary p
JOIN protect_box_plus a USING (primary_key)
LEFT JOIN protect_cell c ON c.cell_key = protect_with_area(p.primary_key, a.area_id)
LEFT JOIN protect_box_pairing g ON g.area_id = a.area_id
QUALIFY row_number() OVER (PARTITION BY p.primary_key
                           ORDER BY c.count_value DESC NULLS LAST, a.area_id) = 1;

CREATE OR REPLACE TEMP TABLE protect_box_excluded AS
SELECT primary_key, area_id FROM protect_box_plus
UNION
SELECT p.primary_key, m.area_id
FROM protect_box_primary p
JOIN protect_box_total t ON t.total_id = p.area_id AND t.audit
JOIN protect_box_member m USING (eq_no)
WHERE p.kind = 'aggregate';

-- The small aggregates (a sub-region, a region, a hospital district), where box_partner.sql
-- looks for a partner next when the pairing group has none.
CREATE OR REPLACE TEMP TABLE protect_box_small_eq AS
SELECT eq_no FROM protect_box_member GROUP BY eq_no HAVING count(*) <= 50;

-- How many aggregates each member is in: a partner that shares all of the anchor's
-- aggregates moves none of them.
CREATE OR REPLACE TEMP TABLE protect_box_degree AS
SELECT area_id, count(DISTINCT eq_no) AS aggregates
FROM protect_box_member
GROUP BY area_id;

-- Every aggregate above an area: those it is a member of, and, through them, those their
-- totals are members of (a postal code area's municipality's county, region, ...).
CREATE OR REPLACE TEMP TABLE protect_box_above AS
WITH RECURSIVE above(area_id, eq_no) AS (
    SELECT area_id, eq_no FROM protect_box_member
    UNION
    SELECT a.area_id, m.eq_no
    FROM above a
    JOIN protect_box_total t ON t.eq_no = a.eq_no AND t.audit
    JOIN protect_box_member m ON m.area_id = t.total_id
)
SELECT * FROM above;

CREATE OR REPLACE TEMP TABLE protect_box_partner (
    primary_key BIGINT, area_id INTEGER, pick INTEGER);

-- The small counts wanting a(nother) partner (box_failing.sql: those the audit finds not
-- protected) and the boxes to hide in a round (box_partner.sql).
CREATE OR REPLACE TEMP TABLE protect_box_want (primary_key BIGINT);

CREATE OR REPLACE TEMP TABLE protect_box_new (primary_key BIGINT);

-- The small counts that get their box before any audit: those an aggregate present in the
-- block would otherwise expose. The groups' rounds pair a small count within its pairing
-- group, which keeps every aggregate holding the whole group (the country, a major region;
-- a municipality for its districts) balanced, but not one that cuts through it (a
-- sub-region, a hospital district of another shape): a member with such an aggregate
-- present, or such an aggregate itself. The others are left to the groups' rounds and the
-- audit, which gives them a box only where it finds them not protected (fewer cells hidden).
CREATE OR REPLACE TEMP TABLE protect_box_whole AS
WITH pairing_size AS (
    SELECT t.eq_no, count(*) AS members
    FROM protect_area_term t JOIN protect_area_eq e USING (eq_no)
    WHERE e.pairing AND t.coef = -1
    GROUP BY t.eq_no
)
SELECT m.eq_no, g.pair_eq
FROM protect_box_member m
JOIN protect_box_pairing g USING (area_id)
JOIN pairing_size s ON s.eq_no = g.pair_eq
GROUP BY m.eq_no, g.pair_eq, s.members
HAVING count(*) = s.members;

CREATE OR REPLACE TEMP TABLE protect_box_exposed AS
SELECT DISTINCT p.primary_key
FROM protect_box_primary p
JOIN protect_box_anchor a USING (primary_key)
JOIN protect_box_member m ON m.area_id = p.area_id
JOIN protect_box_total t ON t.eq_no = m.eq_no
JOIN protect_block_area present ON present.block_id = p.block_id
                               AND present.area_id = t.total_id
ANTI JOIN protect_box_whole w ON w.eq_no = m.eq_no AND w.pair_eq = a.pair_eq
WHERE p.kind = 'member'
UNION ALL
SELECT p.primary_key
FROM protect_box_primary p
WHERE p.kind = 'aggregate'
  AND p.area_id NOT IN (SELECT total_id FROM protect_box_total WHERE pairing)
  AND p.area_id NOT IN (SELECT t.total_id FROM protect_box_total t
                        SEMI JOIN protect_box_whole w USING (eq_no));
