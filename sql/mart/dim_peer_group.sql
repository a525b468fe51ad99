-- mart.dim_peer_group: the groups an area is compared with in report.indicator_comparison:
-- Statistics Finland's municipal size classes and the wellbeing services counties (built in:
-- pipelines/ingest/report_config.py), and the groups of raw/report/peer_groups.yaml
-- (staged by pipelines/assets/report_settings.py).
CREATE OR REPLACE TABLE mart.dim_peer_group AS
SELECT peer_group_id, kind, name_fi, name_sv, name_en, population_from, population_below,
       population_indicator, defined_in
FROM staging.peer_group_input
ORDER BY position;

COMMENT ON TABLE mart.dim_peer_group IS 'Peer groups: the areas an area is compared with (report.indicator_comparison.peer_group_value). Built in: the municipal size classes by population (size_under_5000 ... size_100000_plus, Statistics Finland''s) and wellbeing_counties; others from raw/report/peer_groups.yaml (e.g. six_largest). Members in mart.peer_group_member, each area''s group in mart.area_peer_group.';
COMMENT ON COLUMN mart.dim_peer_group.peer_group_id IS 'Id of the group, e.g. size_20000_49999, wellbeing_counties, six_largest.';
COMMENT ON COLUMN mart.dim_peer_group.kind IS 'size_class (municipalities by their latest population), wellbeing_counties (every wellbeing services county) or custom (members listed in raw/report/peer_groups.yaml).';
COMMENT ON COLUMN mart.dim_peer_group.name_fi IS 'Name of the group in Finnish.';
COMMENT ON COLUMN mart.dim_peer_group.name_sv IS 'Name of the group in Swedish.';
COMMENT ON COLUMN mart.dim_peer_group.name_en IS 'Name of the group in English.';
COMMENT ON COLUMN mart.dim_peer_group.population_from IS 'For a size class: the smallest population it holds (inhabitants, inclusive).';
COMMENT ON COLUMN mart.dim_peer_group.population_below IS 'For a size class: the population it holds less than (exclusive); NULL for the largest class.';
COMMENT ON COLUMN mart.dim_peer_group.population_indicator IS 'For a size class: the indicator whose latest value (everyone) is the population (sotkanet:127 unless raw/report/peer_groups.yaml says otherwise).';
COMMENT ON COLUMN mart.dim_peer_group.defined_in IS 'Where the group is defined: built-in, or raw/report/peer_groups.yaml and the line.';
