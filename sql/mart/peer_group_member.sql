-- mart.peer_group_member: the areas of each peer group. A municipality is in the size class
-- of its latest population (the size classes' population_indicator, everyone, the latest
-- period with a value);
-- every wellbeing services county is in wellbeing_counties; custom groups have the members
-- raw/report/peer_groups.yaml lists.
CREATE OR REPLACE TABLE mart.peer_group_member AS
WITH population AS (
    SELECT area_code,
           arg_max(value, period_start) AS population,
           arg_max(period, period_start) AS population_period
    FROM mart.fact_indicator_value
    WHERE indicator_code IN (SELECT population_indicator FROM staging.peer_group_input)
      AND group_code = 'total.total.total' AND value IS NOT NULL
    GROUP BY area_code
),
municipality AS (
    SELECT a.area_code, p.population, p.population_period
    FROM mart.dim_area a
    JOIN population p USING (area_code)
    WHERE a.area_level = 'municipality'
)
SELECT g.peer_group_id, m.area_code, m.population, m.population_period
FROM municipality m
JOIN staging.peer_group_input g
  ON g.kind = 'size_class' AND m.population >= g.population_from
 AND (g.population_below IS NULL OR m.population < g.population_below)
UNION ALL
SELECT g.peer_group_id, a.area_code, NULL, NULL
FROM mart.dim_area a
JOIN staging.peer_group_input g ON g.kind = 'wellbeing_counties'
WHERE a.area_level = 'wellbeing_county'
UNION ALL
SELECT peer_group_id, area_code, NULL, NULL
FROM staging.peer_group_member_input
ORDER BY ALL;

COMMENT ON TABLE mart.peer_group_member IS 'The areas of each peer group (mart.dim_peer_group): a municipality in the size class of its latest population, every wellbeing services county in wellbeing_counties, the members raw/report/peer_groups.yaml lists in its groups. An area is in one size class and may be in custom groups too.';
COMMENT ON COLUMN mart.peer_group_member.peer_group_id IS 'The group; see mart.dim_peer_group.';
COMMENT ON COLUMN mart.peer_group_member.area_code IS 'A member area; see mart.dim_area.';
COMMENT ON COLUMN mart.peer_group_member.population IS 'For a size class: the municipality''s latest population, which puts it in the class (the population indicator, everyone).';
COMMENT ON COLUMN mart.peer_group_member.population_period IS 'For a size class: the period of that population.';
