-- Protection audit, step 2 (pipelines/protect/audit.py): the additive equations that hold
-- an unknown cell, as sum(coef * cell) = 0 with coef +1 for the total and -1 for its parts:
--   sex:      total = male + female, per block x area x language
--   language: total = fi + sv + other, per block x area x sex
--   area:     a group's total = its members (audit_group_area), per block x sex x language
-- The known cells are constants: rhs = -sum(coef * count) over them, so that the unknown
-- terms sum to rhs. An equation without an unknown says nothing about a hidden cell.
CREATE OR REPLACE TEMP TABLE audit_equation AS
WITH unknown AS (
    SELECT c.*, s.by_sex, s.by_language
    FROM audit_cell c JOIN audit_block_shape s USING (block_id)
    WHERE c.cell_id IS NOT NULL
),
touched AS (
    SELECT DISTINCT 'sex' AS kind, block_id, area_code, NULL::BIGINT AS group_id,
           NULL::VARCHAR AS sex, language_group
    FROM unknown WHERE by_sex AND sex IN ('total', 'male', 'female')
    UNION ALL
    SELECT DISTINCT 'language', block_id, area_code, NULL, sex, NULL
    FROM unknown WHERE by_language AND language_group IN ('total', 'fi', 'sv', 'other')
    UNION ALL
    SELECT DISTINCT 'area', u.block_id, NULL, m.group_id, u.sex, u.language_group
    FROM unknown u JOIN audit_group_area m USING (area_code)
)
SELECT row_number() OVER (ORDER BY block_id, kind, area_code, group_id, sex, language_group)
           AS eq_id, *
FROM touched;

-- The unknown terms first: equations x unknown cells, a small part of the cells.
CREATE OR REPLACE TEMP TABLE audit_unknown_cell AS
SELECT * FROM audit_cell WHERE cell_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE audit_term AS
SELECT e.eq_id, c.cell_id, c.count_value,
       CASE WHEN c.sex = 'total' THEN 1 ELSE -1 END AS coef
FROM audit_equation e
JOIN audit_unknown_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code
                         AND c.language_group = e.language_group
WHERE e.kind = 'sex' AND c.sex IN ('total', 'male', 'female')
UNION ALL
SELECT e.eq_id, c.cell_id, c.count_value,
       CASE WHEN c.language_group = 'total' THEN 1 ELSE -1 END
FROM audit_equation e
JOIN audit_unknown_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code
                         AND c.sex = e.sex
WHERE e.kind = 'language' AND c.language_group IN ('total', 'fi', 'sv', 'other')
UNION ALL
SELECT e.eq_id, c.cell_id, c.count_value, m.coef
FROM audit_equation e
JOIN audit_group_area m USING (group_id)
JOIN audit_unknown_cell c ON c.block_id = e.block_id AND c.area_code = m.area_code
                         AND c.sex = e.sex AND c.language_group = e.language_group
WHERE e.kind = 'area';

-- Where every unknown of an equation has its true count (the restricted file's), rhs is what
-- the true counts give: published counts need not add up (rounding, people not classified,
-- generated benchmark data), and a reader granted the exact difference knows at least as
-- much as a real one, so the intervals are at most as wide as a real reader's and the true
-- counts are always a solution. Where an unknown has no count (a cell the data lacks or the
-- publisher hid), the published counts are all there is: rhs = - sum(coef * count) of the
-- equation's known cells, gathered for those equations only (the rest need no known cell).
CREATE OR REPLACE TEMP TABLE audit_countless AS
SELECT e.*
FROM audit_equation e
SEMI JOIN (SELECT eq_id FROM audit_term GROUP BY eq_id
           HAVING NOT bool_and(count_value IS NOT NULL)) x USING (eq_id);

CREATE OR REPLACE TEMP TABLE audit_known_sum AS
WITH known_cell AS (SELECT * FROM audit_cell WHERE cell_id IS NULL),
term AS (
    SELECT e.eq_id, c.count_value, CASE WHEN c.sex = 'total' THEN 1 ELSE -1 END AS coef
    FROM audit_countless e
    JOIN known_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code
                     AND c.language_group = e.language_group
    WHERE e.kind = 'sex' AND c.sex IN ('total', 'male', 'female')
    UNION ALL
    SELECT e.eq_id, c.count_value, CASE WHEN c.language_group = 'total' THEN 1 ELSE -1 END
    FROM audit_countless e
    JOIN known_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code
                     AND c.sex = e.sex
    WHERE e.kind = 'language' AND c.language_group IN ('total', 'fi', 'sv', 'other')
    UNION ALL
    SELECT e.eq_id, c.count_value, m.coef
    FROM audit_countless e
    JOIN audit_group_area m USING (group_id)
    JOIN known_cell c ON c.block_id = e.block_id AND c.area_code = m.area_code
                     AND c.sex = e.sex AND c.language_group = e.language_group
    WHERE e.kind = 'area'
)
SELECT eq_id, sum(coef * count_value) AS known_sum FROM term GROUP BY eq_id;

CREATE OR REPLACE TEMP TABLE audit_rhs AS
SELECT t.eq_id,
       CASE WHEN bool_and(t.count_value IS NOT NULL) THEN sum(t.coef * t.count_value)
            ELSE -coalesce(any_value(k.known_sum), 0) END AS rhs
FROM audit_term t
LEFT JOIN audit_known_sum k USING (eq_id)
GROUP BY t.eq_id;

-- The unknown terms, which the loops below drop equations from.
CREATE OR REPLACE TEMP TABLE audit_uterm AS
SELECT eq_id, cell_id, coef::DOUBLE AS coef
FROM audit_term
WHERE cell_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE audit_unknown AS
SELECT cell_id, audited, count_value FROM audit_cell WHERE cell_id IS NOT NULL;
