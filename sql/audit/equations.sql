-- Protection audit, step 2 (pipelines/protection_audit.py): the additive equations that hold
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

CREATE OR REPLACE TEMP TABLE audit_term AS
SELECT e.eq_id, c.cell_id, c.count_value,
       CASE WHEN c.sex = 'total' THEN 1 ELSE -1 END AS coef
FROM audit_equation e
JOIN audit_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code
                 AND c.language_group = e.language_group
WHERE e.kind = 'sex' AND c.sex IN ('total', 'male', 'female')
UNION ALL
SELECT e.eq_id, c.cell_id, c.count_value,
       CASE WHEN c.language_group = 'total' THEN 1 ELSE -1 END
FROM audit_equation e
JOIN audit_cell c ON c.block_id = e.block_id AND c.area_code = e.area_code AND c.sex = e.sex
WHERE e.kind = 'language' AND c.language_group IN ('total', 'fi', 'sv', 'other')
UNION ALL
SELECT e.eq_id, c.cell_id, c.count_value, m.coef
FROM audit_equation e
JOIN audit_group_area m USING (group_id)
JOIN audit_cell c ON c.block_id = e.block_id AND c.area_code = m.area_code
                 AND c.sex = e.sex AND c.language_group = e.language_group
WHERE e.kind = 'area';

CREATE OR REPLACE TEMP TABLE audit_rhs AS
SELECT eq_id, -coalesce(sum(coef * count_value) FILTER (WHERE cell_id IS NULL), 0) AS rhs
FROM audit_term
GROUP BY eq_id;

-- The unknown terms, which the loops below drop equations from.
CREATE OR REPLACE TEMP TABLE audit_uterm AS
SELECT eq_id, cell_id, coef::DOUBLE AS coef
FROM audit_term
WHERE cell_id IS NOT NULL;

CREATE OR REPLACE TEMP TABLE audit_unknown AS
SELECT cell_id, audited, count_value FROM audit_cell WHERE cell_id IS NOT NULL;
