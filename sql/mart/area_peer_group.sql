-- mart.area_peer_group: the one peer group each municipality and wellbeing services county is
-- compared with: the area's line in raw/report/peer_groups.yaml (areas:), else its size class
-- (a municipality) or wellbeing_counties (a county).
CREATE OR REPLACE TABLE mart.area_peer_group AS
WITH area AS (
    SELECT area_code, area_level
    FROM mart.dim_area
    WHERE area_level IN ('municipality', 'wellbeing_county')
),
by_default AS (
    SELECT m.area_code, m.peer_group_id,
           CASE g.kind WHEN 'size_class' THEN 'size_class' ELSE 'wellbeing_counties' END AS rule
    FROM mart.peer_group_member m
    JOIN staging.peer_group_input g USING (peer_group_id)
    WHERE g.kind IN ('size_class', 'wellbeing_counties')
)
SELECT a.area_code,
       coalesce(s.peer_group_id, d.peer_group_id) AS peer_group_id,
       CASE WHEN s.peer_group_id IS NOT NULL THEN s.defined_in ELSE d.rule END AS assigned_by
FROM area a
LEFT JOIN staging.peer_group_assignment_input s USING (area_code)
LEFT JOIN by_default d USING (area_code)
WHERE coalesce(s.peer_group_id, d.peer_group_id) IS NOT NULL
ORDER BY area_code;

COMMENT ON TABLE mart.area_peer_group IS 'The peer group each municipality and wellbeing services county is compared with in report.indicator_comparison: by default a municipality''s size class (by its latest population) and, for a county, the other counties; raw/report/peer_groups.yaml (areas:) names another group for an area, e.g. Espoo with the six largest cities. A municipality without a population value has no row.';
COMMENT ON COLUMN mart.area_peer_group.area_code IS 'A municipality or wellbeing services county; see mart.dim_area.';
COMMENT ON COLUMN mart.area_peer_group.peer_group_id IS 'Its peer group; see mart.dim_peer_group, members in mart.peer_group_member.';
COMMENT ON COLUMN mart.area_peer_group.assigned_by IS 'Why this group: size_class, wellbeing_counties (the defaults) or the file and line of raw/report/peer_groups.yaml that names it.';
