-- Small-number protection: directions for the protection audit to try before its LPs
-- (pipelines/protect/audit.py `_solve_components`), for the small counts of the blocks
-- audited (protect_audit_block): for each box partner (box_partner.sql) of a small count, and
-- for a small count in no area equation, a vector d over cells such that the published
-- counts plus t * d keep every equation: the area's +1 and the partner's -1, every aggregate
-- holding them the difference (box_apply.sql's areas, with signs), times the count's sex and
-- the total (or the other sex), its language and the total (or another language), and every
-- age group holding its first atom. The audit verifies each direction against its own
-- equations (A d = 0 over the unknowns) before it uses the points it gives: a direction that
-- does not hold is only not used, so these need not be right, only often right.
CREATE OR REPLACE TEMP TABLE protect_audit_direction AS
WITH small AS (
    SELECT p.primary_key, p.block_id, p.area_id, p.kind,
           protect_age_of(p.primary_key) AS age_id, protect_sex_of(p.primary_key) AS sex,
           protect_lang_of(p.primary_key) AS lang, b.pattern_id, b.by_sex, b.by_language
    FROM protect_box_primary p
    JOIN protect_block b USING (block_id)
    WHERE p.kind IN ('member', 'alone')
      AND p.block_id IN (SELECT block_id FROM protect_audit_block)
),
way AS (
    SELECT x.primary_key, x.pick, x.area_id AS partner_id
    FROM protect_box_partner x SEMI JOIN small USING (primary_key)
    UNION ALL
    SELECT primary_key, 0, NULL FROM small WHERE kind = 'alone'
),
side AS (
    SELECT w.primary_key, w.pick, s.area_id, 1 AS a FROM way w JOIN small s USING (primary_key)
    UNION ALL
    SELECT primary_key, pick, partner_id, -1 FROM way WHERE partner_id IS NOT NULL
),
area_factor AS (
    SELECT primary_key, pick, area_id, a FROM side
    UNION ALL
    SELECT s.primary_key, s.pick, t.total_id, sum(s.a)
    FROM side s
    JOIN protect_box_above x ON x.area_id = s.area_id
    JOIN protect_box_total t ON t.eq_no = x.eq_no
    GROUP BY ALL
    HAVING sum(s.a) <> 0
),
-- Sex: variant 0 the count's sex and the total, variant 1 the count's sex against the other
-- (for a total: the total and the males, or the total and the females).
sex_factor AS (
    SELECT primary_key, 0 AS sv, sex, 1 AS s FROM small
    UNION ALL SELECT primary_key, 0, 0, 1 FROM small WHERE by_sex AND sex > 0
    UNION ALL SELECT primary_key, 0, 1, 1 FROM small WHERE by_sex AND sex = 0
    UNION ALL SELECT primary_key, 1, sex, 1 FROM small WHERE by_sex
    UNION ALL SELECT primary_key, 1, 3 - sex, -1 FROM small WHERE by_sex AND sex > 0
    UNION ALL SELECT primary_key, 1, 2, 1 FROM small WHERE by_sex AND sex = 0
),
lang_factor AS (
    SELECT primary_key, 0 AS lv, lang, 1 AS l FROM small
    UNION ALL SELECT primary_key, 0, 0, 1 FROM small WHERE by_language AND lang > 0
    UNION ALL SELECT primary_key, 0, 1, 1 FROM small WHERE by_language AND lang = 0
    UNION ALL SELECT primary_key, 1, lang, 1 FROM small WHERE by_language
    UNION ALL SELECT primary_key, 1, CASE WHEN lang = 1 THEN 2 ELSE 1 END, -1
              FROM small WHERE by_language AND lang > 0
    UNION ALL SELECT primary_key, 1, 2, 1 FROM small WHERE by_language AND lang = 0
),
first_atom AS (
    SELECT s.primary_key, coalesce(arg_min(p.atom_id, a.lo), any_value(s.age_id)) AS atom_id
    FROM small s
    LEFT JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.band_id = s.age_id
    LEFT JOIN protect_age a ON a.age_id = p.atom_id
    GROUP BY s.primary_key
),
age_factor AS (
    SELECT primary_key, atom_id AS age_id FROM first_atom
    UNION
    SELECT f.primary_key, p.band_id
    FROM first_atom f
    JOIN small s USING (primary_key)
    JOIN protect_pattern_part p ON p.pattern_id = s.pattern_id AND p.atom_id = f.atom_id
),
numbered AS (
    SELECT primary_key, pick, sv, lv,
           row_number() OVER (ORDER BY primary_key, pick, sv, lv) AS dir_id
    FROM (SELECT DISTINCT a.primary_key, a.pick, x.sv, y.lv
          FROM area_factor a
          JOIN sex_factor x USING (primary_key)
          JOIN lang_factor y USING (primary_key))
)
SELECT n.dir_id, protect_key(s.block_id, a.area_id, g.age_id, x.sex, y.lang) AS cell_key,
       a.a * x.s * y.l AS d
FROM numbered n
JOIN small s USING (primary_key)
JOIN area_factor a ON a.primary_key = n.primary_key AND a.pick = n.pick
JOIN sex_factor x ON x.primary_key = n.primary_key AND x.sv = n.sv
JOIN lang_factor y ON y.primary_key = n.primary_key AND y.lv = n.lv
JOIN age_factor g ON g.primary_key = n.primary_key;
