-- Small-number protection's area equations (pipelines/protect/layout.py): one per distinct
-- total and member set, each area group's total = the sum of its members.
--   protect_area_group (hierarchy, total_area_code, member_area_code): every aggregate the
--     audit proves against (the reference's and Sotkanet's hierarchies, a municipality's
--     districts and postal code areas: sql/protect/area_groups.sql; or the audit's caller's);
--   protect_pairing_group (total_area_code, member_area_code, pairing): the groups the
--     decision pairs hidden cells within, group by group (a wellbeing services county's
--     municipalities, a municipality's areas of one level); empty for the audit alone.
-- Two hierarchies giving one total the same members are one equation; a member that is its
-- own total is no part.
CREATE OR REPLACE TEMP TABLE protect_area_eq AS
WITH source AS (
    SELECT 'audit:' || hierarchy AS source, total_area_code, member_area_code, true AS audit,
           false AS pairing
    FROM protect_area_group
    UNION ALL
    SELECT 'pairing:' || pairing, total_area_code, member_area_code, false, true
    FROM protect_pairing_group
),
member_set AS (
    SELECT source, total_area_code,
           list(DISTINCT member_area_code ORDER BY member_area_code) AS members,
           bool_or(audit) AS audit, bool_or(pairing) AS pairing
    FROM source
    WHERE member_area_code IS NOT NULL AND total_area_code IS NOT NULL
      AND member_area_code <> total_area_code
    GROUP BY source, total_area_code
),
merged AS (
    SELECT total_area_code, members, bool_or(audit) AS audit, bool_or(pairing) AS pairing
    FROM member_set
    GROUP BY total_area_code, members
)
SELECT row_number() OVER (ORDER BY total_area_code, members)::INTEGER AS eq_no, *
FROM merged;

-- Every area of every equation with its coefficient: +1 the total, -1 each member.
CREATE OR REPLACE TEMP TABLE protect_area_term AS
SELECT e.eq_no, a.area_id, 1 AS coef
FROM protect_area_eq e JOIN protect_area a ON a.area_code = e.total_area_code
UNION ALL
SELECT e.eq_no, a.area_id, -1
FROM (SELECT eq_no, unnest(members) AS member_area_code FROM protect_area_eq) e
JOIN protect_area a ON a.area_code = e.member_area_code;

-- Equations whose total is itself a member elsewhere (a municipality's districts): where the
-- data hold such a total's parts but not the total, the total is still a cell of the block.
CREATE OR REPLACE TEMP TABLE protect_area_nested AS
SELECT DISTINCT t.eq_no, t.area_id AS total_id
FROM protect_area_term t
WHERE t.coef = 1 AND t.area_id IN (SELECT area_id FROM protect_area_term WHERE coef = -1);

-- Equations whose members are members of no other equation (a municipality's districts): where
-- a block holds none of their members, they tell a reader nothing (the members take any
-- values that add up to the total) and are left out (closure.sql).
CREATE OR REPLACE TEMP TABLE protect_area_leaf AS
SELECT eq_no
FROM protect_area_term t
WHERE coef = -1
GROUP BY eq_no
HAVING bool_and(area_id IN (SELECT area_id FROM protect_area_term WHERE coef = -1
                            GROUP BY area_id HAVING count(*) = 1));
