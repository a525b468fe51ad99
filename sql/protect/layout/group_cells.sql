-- Small-number protection: every cell of the groups in protect_want_group, with its
-- coefficient: the inverse of groups.sql, by the same arithmetic on the head's key.
CREATE OR REPLACE TEMP TABLE protect_group_cell AS
WITH g AS (
    SELECT group_id, protect_group_head(group_id) AS head, protect_group_kind(group_id) AS kind
    FROM protect_want_group
)
SELECT g.group_id, protect_with_sex(g.head, x.sex) AS cell_key,
       CASE WHEN x.sex = 0 THEN 1 ELSE -1 END AS coef
FROM g, (VALUES (0), (1), (2)) x(sex)
WHERE g.kind = 0
UNION ALL
SELECT g.group_id, protect_with_lang(g.head, x.lang), CASE WHEN x.lang = 0 THEN 1 ELSE -1 END
FROM g, (VALUES (0), (1), (2), (3)) x(lang)
WHERE g.kind = 1
UNION ALL
SELECT g.group_id, g.head, 1 FROM g WHERE g.kind = 2
UNION ALL
SELECT g.group_id, protect_with_age(g.head, p.atom_id), -1
FROM g
JOIN protect_block b ON b.block_id = protect_block_of(g.head)
JOIN protect_pattern_part p ON p.pattern_id = b.pattern_id
                           AND p.band_id = protect_age_of(g.head)
WHERE g.kind = 2
UNION ALL
SELECT g.group_id, protect_with_area(g.head, t.area_id), t.coef
FROM g
JOIN protect_area_term t ON t.eq_no = protect_area_of(g.head)
WHERE g.kind = 3;
