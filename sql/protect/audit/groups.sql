-- Protection audit, step 0 (pipelines/protect/audit.py): the area groups of audit_groups
-- (hierarchy, total_area_code, member_area_code), each equation once: two hierarchies that
-- give a total the same members (the country as all municipalities, by region and by
-- county) are one equation. A member that is its own total is no part.
CREATE OR REPLACE TEMP TABLE audit_group AS
SELECT row_number() OVER (ORDER BY total_area_code, members) AS group_id, *
FROM (
    SELECT DISTINCT total_area_code, members
    FROM (
        SELECT hierarchy, total_area_code,
               list(DISTINCT member_area_code ORDER BY member_area_code) AS members
        FROM audit_groups
        WHERE member_area_code IS NOT NULL AND total_area_code IS NOT NULL
          AND member_area_code <> total_area_code
        GROUP BY hierarchy, total_area_code
    )
);

-- Every area of every group with its coefficient: +1 the total, -1 each member.
CREATE OR REPLACE TEMP TABLE audit_group_area AS
SELECT group_id, total_area_code AS area_code, 1 AS coef FROM audit_group
UNION ALL
SELECT group_id, unnest(members), -1 FROM audit_group;
