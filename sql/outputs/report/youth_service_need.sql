-- report.youth_service_need: per area of the youth pilot (docs/youth-pilot.md), how many young
-- people fall behind and the services that reach them, side by side, so that the pilot can say
-- "in these areas, this many multilingual young people, these services, this gap":
--   need     the counts behind the exclusion theme's rates (e.g. NEET young people), by
--            language group and sex, with the rate's gap to the Finnish-speaking peers
--            (report.youth_language_gap);
--   service  the service theme's counts (clients, visits, NGO participants), with their rate
--            and gap where the pilot works one out;
--   project  the project register's projects that work with young people (mart.dim_project):
--            linked on their card to a pilot indicator's code, or naming young people
--            (mart.youth_pilot.project_keywords) in their title, summary or description; one
--            row per target area of the card, area_code NULL where the card names none.
-- Counts are the published, protected facts: a hidden count stays a status.
CREATE OR REPLACE VIEW report.youth_service_need AS
WITH counted AS (
    SELECT
        i.indicator_id,
        CASE WHEN i.theme = 'exclusion' THEN 'need' ELSE 'service' END AS role,
        i.age_band, n.value_code, d.name_fi, d.name_sv, d.name_en, d.unit,
        f.area_code, f.period, f.frequency, f.period_start, f.group_code, g.sex,
        g.language_group,
        CASE WHEN f.status IN ('ok', 'zero') THEN f.value END AS value,
        f.status, f.source, f.source_file
    FROM mart.youth_pilot_indicator i
    JOIN mart.youth_pilot_input n USING (indicator_id)
    JOIN mart.dim_indicator d ON d.indicator_code = n.value_code
    JOIN mart.fact_indicator_value f ON f.indicator_code = n.value_code
    JOIN mart.dim_population_group g ON g.group_code = f.group_code AND g.age_group = i.age_group
    -- A need is a count of young people: the count behind a rate. A service is what it is.
    WHERE (i.theme = 'service' OR n.population_code IS NOT NULL)
      AND f.area_code IN (SELECT area_code FROM report.youth_pilot_area)
    QUALIFY row_number() OVER (PARTITION BY i.indicator_id, f.area_code, f.period, f.group_code
                               ORDER BY n.position) = 1
),
measure AS (
    SELECT
        c.*,
        c.period_start = max(c.period_start) OVER (
            PARTITION BY c.indicator_id, c.area_code, c.frequency) AS is_latest,
        l.value AS rate, l.unit AS rate_unit, l.status AS rate_status, l.peer_value AS peer_rate,
        l.gap, l.gap_direction, l.comparison_note
    FROM counted c
    LEFT JOIN report.youth_language_gap l
      ON l.indicator_id = c.indicator_id AND l.area_code = c.area_code
     AND l.period = c.period AND l.group_code = c.group_code AND l.kind <> 'count'
),
pilot_code AS (
    SELECT value_code AS indicator_code FROM mart.youth_pilot_input
    UNION SELECT population_code FROM mart.youth_pilot_input WHERE population_code IS NOT NULL
),
youth_project AS (
    SELECT p.project_key, p.title, p.status, l.target_area_code AS area_code,
           bool_or(l.indicator_code IN (SELECT indicator_code FROM pilot_code)) AS linked,
           bool_or(k.word IS NOT NULL) AS named
    FROM mart.dim_project p
    LEFT JOIN mart.project_indicator l USING (project_key)
    LEFT JOIN (SELECT lower(unnest(project_keywords)) AS word FROM mart.youth_pilot) k
      ON lower(concat_ws(' ', p.title, p.summary, p.description)) LIKE '%' || k.word || '%'
    GROUP BY ALL
    HAVING linked OR named
)
SELECT
    a.area_code, a.area_name_fi, a.area_name_sv, a.area_name_en, a.area_level, a.area_role,
    a.parent_area_code, a.area_order,
    m.role, m.indicator_id,
    i.name_fi AS indicator_name_fi, i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    m.value_code AS count_indicator_code, m.name_fi AS count_name_fi,
    m.name_sv AS count_name_sv, m.name_en AS count_name_en, m.unit, m.age_band,
    m.frequency, m.period, m.period_start, m.is_latest, m.sex, m.language_group, m.group_code,
    m.value, m.status, m.rate, m.rate_unit, m.rate_status, m.peer_rate, m.gap,
    m.gap_direction, m.comparison_note,
    NULL::VARCHAR AS project_key, NULL::VARCHAR AS project_title,
    NULL::VARCHAR AS project_status, m.source, m.source_file
FROM measure m
JOIN report.youth_pilot_area a USING (area_code)
JOIN mart.youth_pilot_indicator i USING (indicator_id)
UNION ALL
SELECT
    p.area_code, a.area_name_fi, a.area_name_sv, a.area_name_en, a.area_level, a.area_role,
    a.parent_area_code, a.area_order,
    'project', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, p.project_key, p.title, p.status, 'projects', NULL
FROM youth_project p
LEFT JOIN report.youth_pilot_area a USING (area_code)
WHERE p.area_code IS NULL OR a.area_code IS NOT NULL;

COMMENT ON VIEW report.youth_service_need IS 'The youth pilot''s service need per area (docs/youth-pilot.md): role need (how many young people fall behind: the counts behind the exclusion rates, e.g. NEET young people, by language group and sex, with the rate''s gap), service (the services that reach them: clients, visits, NGO participants) and project (projects of the register working with young people). Published, protected counts only. Example: WHERE role IN (''need'', ''service'') AND language_group = ''other'' AND sex = ''total'' AND is_latest.';
COMMENT ON COLUMN report.youth_service_need.area_code IS 'Area code (report.youth_pilot_area); NULL for a project whose card names no target area.';
COMMENT ON COLUMN report.youth_service_need.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.youth_service_need.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.youth_service_need.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.youth_service_need.area_level IS 'wellbeing_county, municipality, district or postal_code_area.';
COMMENT ON COLUMN report.youth_service_need.area_role IS 'county, municipality or sub_area.';
COMMENT ON COLUMN report.youth_service_need.parent_area_code IS 'The area it is part of.';
COMMENT ON COLUMN report.youth_service_need.area_order IS 'Sort key: 1 the county, 2 municipalities, 3 sub-areas.';
COMMENT ON COLUMN report.youth_service_need.role IS 'need (young people falling behind), service (what reaches them) or project (a project working with young people).';
COMMENT ON COLUMN report.youth_service_need.indicator_id IS 'The pilot''s indicator (mart.youth_pilot_indicator); NULL for projects.';
COMMENT ON COLUMN report.youth_service_need.indicator_name_fi IS 'The pilot indicator''s name in Finnish.';
COMMENT ON COLUMN report.youth_service_need.indicator_name_sv IS 'The pilot indicator''s name in Swedish.';
COMMENT ON COLUMN report.youth_service_need.indicator_name_en IS 'The pilot indicator''s name in English.';
COMMENT ON COLUMN report.youth_service_need.count_indicator_code IS 'The mart indicator of value (mart.dim_indicator), e.g. statfin:youth_neet.';
COMMENT ON COLUMN report.youth_service_need.count_name_fi IS 'What value counts, in Finnish (the mart''s name of count_indicator_code).';
COMMENT ON COLUMN report.youth_service_need.count_name_sv IS 'What value counts, in Swedish.';
COMMENT ON COLUMN report.youth_service_need.count_name_en IS 'What value counts, in English.';
COMMENT ON COLUMN report.youth_service_need.unit IS 'Unit of value: count for needs and most services.';
COMMENT ON COLUMN report.youth_service_need.age_band IS 'Ages counted, e.g. 15-24.';
COMMENT ON COLUMN report.youth_service_need.frequency IS 'annual, quarterly or monthly.';
COMMENT ON COLUMN report.youth_service_need.period IS 'Period as published.';
COMMENT ON COLUMN report.youth_service_need.period_start IS 'First day of the period.';
COMMENT ON COLUMN report.youth_service_need.is_latest IS 'True for the latest period the indicator has for the area: filter on it for the present picture.';
COMMENT ON COLUMN report.youth_service_need.sex IS 'total, male or female.';
COMMENT ON COLUMN report.youth_service_need.language_group IS 'fi, sv, other (other languages than Finnish, Swedish or Sami: the multilingual young people) or total.';
COMMENT ON COLUMN report.youth_service_need.group_code IS 'Population group (mart.dim_population_group).';
COMMENT ON COLUMN report.youth_service_need.value IS 'The count (or the service''s measure in unit); NULL unless status is ok or zero.';
COMMENT ON COLUMN report.youth_service_need.status IS 'Status of value: ok, zero, suppressed (small-number protection), confidential, missing, ...';
COMMENT ON COLUMN report.youth_service_need.rate IS 'The pilot''s rate for the same group (report.youth_language_gap.value), where it works one out from the count.';
COMMENT ON COLUMN report.youth_service_need.rate_unit IS 'Unit of rate: percent or per_1000.';
COMMENT ON COLUMN report.youth_service_need.rate_status IS 'Status of rate.';
COMMENT ON COLUMN report.youth_service_need.peer_rate IS 'The Finnish-speaking peers'' rate (same area, period and sex).';
COMMENT ON COLUMN report.youth_service_need.gap IS 'rate - peer_rate (report.youth_language_gap.gap), for sv and other.';
COMMENT ON COLUMN report.youth_service_need.gap_direction IS 'behind, ahead, above, below, no_difference, reference or not_comparable (report.youth_language_gap.gap_direction).';
COMMENT ON COLUMN report.youth_service_need.comparison_note IS 'Why there is no gap, as in report.youth_language_gap.';
COMMENT ON COLUMN report.youth_service_need.project_key IS 'For role project: the project (mart.dim_project).';
COMMENT ON COLUMN report.youth_service_need.project_title IS 'For role project: its name.';
COMMENT ON COLUMN report.youth_service_need.project_status IS 'For role project: planned, ongoing, ended or unknown.';
COMMENT ON COLUMN report.youth_service_need.source IS 'Source system of value (statfin, county, ngo, ...); projects for projects.';
COMMENT ON COLUMN report.youth_service_need.source_file IS 'Raw file of value, relative to the raw directory.';
