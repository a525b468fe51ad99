-- Small-number protection, the boxes (box_setup.sql): one more partner municipality for each
-- primary in protect_box_want, in the same block, sex and language as the small count, with a
-- published count. Ranked:
--   a count of at least $protection (it widens the small count's interval to [0, v + p]);
--   the anchor's wellbeing services county (the county's own total stays published);
--   a count above 0 (a hidden 0 beside a hidden 3 leaves a guess that is nearly always
--   right; it still keeps the count from being pinned where nothing else is left);
--   the fewest aggregates moved (those holding one of the two and not the other: hidden too);
--   a cell already hidden (nothing more lost), then the smallest count; ties by code.
-- Picks counted per primary; $max_partners ends the search where no partner helps.
CREATE OR REPLACE TEMP TABLE protect_box_asking AS
SELECT p.primary_id, p.block_id, p.sex, p.language_group, a.anchor_code, a.county_id,
       coalesce(max(bp.pick), 0) AS picks
FROM protect_box_want w
JOIN protect_box_primary p USING (primary_id)
JOIN protect_box_anchor a USING (primary_id)
LEFT JOIN protect_box_partner bp USING (primary_id)
WHERE p.kind <> 'alone'
GROUP BY ALL
HAVING coalesce(max(bp.pick), 0) < $max_partners;

-- Candidates in two steps, as the ranking puts a count of at least $protection in the same
-- county first: the county's municipalities for every small count (a dozen or so), the rest of
-- the block (hundreds) only for those whose county has no such count.
CREATE OR REPLACE TEMP TABLE protect_box_candidate AS
SELECT w.primary_id, c.area_code, c.count_value, true AS same_county,
       c.suppression IS NOT NULL AS hidden
FROM protect_box_asking w
JOIN protect_municipality m ON m.county_id = w.county_id
JOIN protect_cell c ON c.block_id = w.block_id AND c.area_id = m.area_id
                   AND c.sex = w.sex AND c.language_group = w.language_group
WHERE c.published AND c.count_value >= 0;

INSERT INTO protect_box_candidate
SELECT w.primary_id, c.area_code, c.count_value, false, c.suppression IS NOT NULL
FROM protect_box_asking w
JOIN protect_cell c ON c.block_id = w.block_id AND c.sex = w.sex
                   AND c.language_group = w.language_group
LEFT JOIN protect_municipality m ON m.area_id = c.area_id
WHERE c.published AND c.count_value >= 0
  AND c.area_code IN (SELECT area_code FROM protect_box_degree)
  AND NOT coalesce(m.county_id = w.county_id, false)  -- not taken in the first step
  AND w.primary_id NOT IN (SELECT primary_id FROM protect_box_candidate
                           WHERE count_value >= $protection);

CREATE OR REPLACE TEMP TABLE protect_box_pick AS
WITH shared AS (
    SELECT a.member_area_code AS area_code, b.member_area_code AS partner,
           count(DISTINCT a.total_area_code) AS shared
    FROM protect_area_group a
    JOIN protect_area_group b USING (total_area_code)
    WHERE a.member_area_code IN (SELECT anchor_code FROM protect_box_asking)
    GROUP BY ALL
),
candidate AS (
    SELECT w.primary_id, w.picks, c.area_code, c.count_value, c.same_county,
           da.aggregates + db.aggregates - 2 * coalesce(s.shared, 0) AS moved, c.hidden
    FROM protect_box_asking w
    JOIN protect_box_candidate c USING (primary_id)
    JOIN protect_box_degree db ON db.area_code = c.area_code
    JOIN protect_box_degree da ON da.area_code = w.anchor_code
    LEFT JOIN shared s ON s.area_code = w.anchor_code AND s.partner = c.area_code
    WHERE NOT EXISTS (SELECT 1 FROM protect_box_excluded x
                      WHERE x.primary_id = w.primary_id AND x.area_code = c.area_code)
      AND NOT EXISTS (SELECT 1 FROM protect_box_partner x
                      WHERE x.primary_id = w.primary_id AND x.area_code = c.area_code)
)
SELECT primary_id, area_code, picks + 1 AS pick
FROM candidate
QUALIFY row_number() OVER (
    PARTITION BY primary_id
    ORDER BY count_value >= $protection DESC, same_county DESC, count_value > 0 DESC, moved,
             hidden DESC, count_value, area_code) = 1;

INSERT INTO protect_box_partner SELECT * FROM protect_box_pick;

-- The boxes to hide: those given a partner; after the first round ($bare), the others wanted
-- too, with the partners they have (none: every aggregate holding the small count moves with
-- it and is hidden; an area in no aggregate: its own sexes and languages). In the first
-- round a small count without a partner is left to the groups' rounds and the audit.
CREATE OR REPLACE TEMP TABLE protect_box_new AS
SELECT primary_id FROM protect_box_pick
UNION
SELECT primary_id FROM protect_box_want WHERE $bare;
