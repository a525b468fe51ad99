-- Small-number protection, the boxes (box_setup.sql): one more partner for each primary in
-- protect_box_want, in the same block, age, sex and language as the small count, with a
-- published count. Ranked:
--   a count of at least $protection (it widens the small count's interval to [0, v + p]);
--   the anchor's pairing group (its county; a district's municipality: that total stays
--   published);
--   a count above 0 (a hidden 0 beside a hidden 3 leaves a guess that is nearly always
--   right; it still keeps the count from being pinned where nothing else is left);
--   the fewest aggregates moved (those holding one of the two and not the other: hidden too);
--   a cell already hidden (nothing more lost), then the smallest count; ties by code.
-- Picks counted per primary; $max_partners ends the search where no partner helps.
CREATE OR REPLACE TEMP TABLE protect_box_asking AS
SELECT w.primary_key, a.anchor_id, a.pair_eq, coalesce(max(bp.pick), 0) AS picks
FROM (SELECT DISTINCT primary_key FROM protect_box_want) w
JOIN protect_box_primary p USING (primary_key)
JOIN protect_box_anchor a USING (primary_key)
LEFT JOIN protect_box_partner bp USING (primary_key)
WHERE p.kind <> 'alone'
GROUP BY ALL
HAVING coalesce(max(bp.pick), 0) < $max_partners;

-- Candidates in steps, as the ranking puts a count of at least $protection in the same
-- pairing group first: the group's members for every small count (a dozen or so), other
-- areas only for those whose group has no such count.
CREATE OR REPLACE TEMP TABLE protect_box_candidate AS
SELECT w.primary_key, m.area_id, c.count_value, true AS same_group,
       coalesce(d.suppression IS NOT NULL, false) AS hidden
FROM protect_box_asking w
JOIN protect_area_term m ON m.eq_no = w.pair_eq AND m.coef = -1
JOIN protect_cell c ON c.cell_key = protect_with_area(w.primary_key, m.area_id)
LEFT JOIN protect_dark d ON d.cell_key = c.cell_key
WHERE c.shown AND c.count_value >= 0;

-- The wider search, nearest first: the members of the anchor's small aggregates (a sub-region,
-- a region, a hospital district: at most 50 members), then, for those still without a
-- count of at least $protection, every member of an aggregate.
INSERT INTO protect_box_candidate
WITH near AS (
    SELECT DISTINCT w.primary_key, w.pair_eq, m.area_id
    FROM protect_box_asking w
    JOIN protect_box_member a ON a.area_id = w.anchor_id
    JOIN protect_box_small_eq e ON e.eq_no = a.eq_no
    JOIN protect_box_member m ON m.eq_no = a.eq_no
    WHERE w.primary_key NOT IN (SELECT primary_key FROM protect_box_candidate
                                WHERE count_value >= $protection)
)
SELECT w.primary_key, w.area_id, c.count_value, false,
       coalesce(d.suppression IS NOT NULL, false)
FROM near w
ANTI JOIN protect_area_term m ON m.eq_no = w.pair_eq AND m.area_id = w.area_id AND m.coef = -1
JOIN protect_cell c ON c.cell_key = protect_with_area(w.primary_key, w.area_id)
LEFT JOIN protect_dark d ON d.cell_key = c.cell_key
WHERE c.shown AND c.count_value >= 0;

INSERT INTO protect_box_candidate
WITH wider AS (
    SELECT w.primary_key, w.pair_eq, g.area_id
    FROM protect_box_asking w
    JOIN protect_box_degree g ON true
    WHERE w.primary_key NOT IN (SELECT primary_key FROM protect_box_candidate
                                WHERE count_value >= $protection)
)
SELECT w.primary_key, w.area_id, c.count_value, false,
       coalesce(d.suppression IS NOT NULL, false)
FROM wider w
ANTI JOIN protect_area_term m ON m.eq_no = w.pair_eq AND m.area_id = w.area_id AND m.coef = -1
ANTI JOIN protect_box_candidate x ON x.primary_key = w.primary_key AND x.area_id = w.area_id
JOIN protect_cell c ON c.cell_key = protect_with_area(w.primary_key, w.area_id)
LEFT JOIN protect_dark d ON d.cell_key = c.cell_key
WHERE c.shown AND c.count_value >= 0;

CREATE OR REPLACE TEMP TABLE protect_box_pick AS
WITH pair AS (
    SELECT DISTINCT w.anchor_id, c.area_id
    FROM protect_box_asking w JOIN protect_box_candidate c USING (primary_key)
),
shared AS (
    SELECT p.anchor_id AS area_id, p.area_id AS partner, count(DISTINCT a.eq_no) AS shared
    FROM pair p
    JOIN protect_box_member a ON a.area_id = p.anchor_id
    JOIN protect_box_member b ON b.eq_no = a.eq_no AND b.area_id = p.area_id
    GROUP BY ALL
),
candidate AS (
    SELECT w.primary_key, w.picks, c.area_id, c.count_value, c.same_group,
           da.aggregates + db.aggregates - 2 * coalesce(s.shared, 0) AS moved, c.hidden
    FROM protect_box_asking w
    JOIN protect_box_candidate c USING (primary_key)
    JOIN protect_box_degree db ON db.area_id = c.area_id
    JOIN protect_box_degree da ON da.area_id = w.anchor_id
    LEFT JOIN shared s ON s.area_id = w.anchor_id AND s.partner = c.area_id
    ANTI JOIN protect_box_excluded x ON x.primary_key = w.primary_key AND x.area_id = c.area_id
    ANTI JOIN protect_box_partner y ON y.primary_key = w.primary_key AND y.area_id = c.area_id
)
SELECT primary_key, area_id, picks + 1 AS pick
FROM candidate
QUALIFY row_number() OVER (
    PARTITION BY primary_key
    ORDER BY count_value >= $protection DESC, same_group DESC, count_value > 0 DESC, moved,
             hidden DESC, count_value, area_id) = 1;

INSERT INTO protect_box_partner SELECT * FROM protect_box_pick;

-- The boxes to hide: those given a partner; after the first round ($bare), the others wanted
-- too, with the partners they have (none: every aggregate holding the small count moves with
-- it and is hidden; an area in no aggregate: its own sexes, languages and ages). In the first
-- round a small count without a partner is left to the groups' rounds and the audit.
CREATE OR REPLACE TEMP TABLE protect_box_new AS
SELECT primary_key FROM protect_box_pick
UNION
SELECT primary_key FROM protect_box_want WHERE $bare;
