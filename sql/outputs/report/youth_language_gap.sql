-- report.youth_language_gap: the youth pilot's language gaps (docs/youth-pilot.md). For every
-- indicator of mart.youth_pilot_indicator, area of report.youth_pilot_area, period, sex and
-- language group: the group's value beside its peers' (same indicator, area, period and sex,
-- the reference language: Finnish speakers), the gap, its change since the previous period and
-- what it means given the desirable direction. The peers' own rows (gap_direction reference)
-- and the totals of all language groups are there too, for charts, without a gap.
--
-- Values come from the published, protected facts only: a rate worked out from counts is a
-- number only where both counts are, so it can give no hidden count away, and a status that
-- is not a number (suppressed, confidential, missing) stays a status. A survey share is shown
-- only with its respondents' count (n) published and at least mart.youth_pilot.min_respondents
-- (a share of a group whose size is hidden may be a handful of pupils); its 95 % interval is
-- Wilson's score interval, which stays within 0-100 and keeps its coverage for small groups
-- and shares near 0, where the normal approximation (p +- z sqrt(p(1-p)/n)) fails. A survey
-- gap whose two intervals overlap is not called a gap (no_difference): a conservative rule,
-- as intervals can overlap while a test of the difference would still find one.
CREATE OR REPLACE VIEW report.youth_language_gap AS
WITH input_code AS (
    -- Every code an input reads, and what for.
    SELECT indicator_id, position, value_code AS code, 'value' AS part
    FROM mart.youth_pilot_input
    UNION ALL
    SELECT indicator_id, position, population_code, 'population'
    FROM mart.youth_pilot_input WHERE population_code IS NOT NULL
    UNION ALL
    SELECT indicator_id, position, sample_size_code, 'respondents'
    FROM mart.youth_pilot_input WHERE sample_size_code IS NOT NULL
),
measured AS (
    -- Per input and cell of the pilot's areas: its value beside the population and the
    -- respondents of the same cell, in one pass over the facts (grouped, not joined again).
    SELECT
        c.indicator_id, c.position, f.area_code, f.period, f.frequency, f.period_start,
        f.group_code,
        any_value(f.value) FILTER (WHERE c.part = 'value') AS value,
        any_value(f.status) FILTER (WHERE c.part = 'value') AS status,
        any_value(f.source) FILTER (WHERE c.part = 'value') AS source,
        any_value(f.source_file) FILTER (WHERE c.part = 'value') AS source_file,
        any_value(f.value) FILTER (WHERE c.part = 'population'
                                   AND f.status IN ('ok', 'zero')) AS population,
        any_value(f.status) FILTER (WHERE c.part = 'population') AS population_status,
        any_value(f.value) FILTER (WHERE c.part = 'respondents'
                                   AND f.status IN ('ok', 'zero')) AS respondents,
        any_value(f.status) FILTER (WHERE c.part = 'respondents') AS respondents_status
    FROM input_code c
    JOIN mart.fact_indicator_value f ON f.indicator_code = c.code
    WHERE f.area_code IN (SELECT area_code FROM report.youth_pilot_area)
    GROUP BY c.indicator_id, c.position, f.area_code, f.period, f.frequency, f.period_start,
             f.group_code
    HAVING count(*) FILTER (WHERE c.part = 'value') > 0
),
cell AS (
    -- In the indicator's age group; where two inputs publish the same cell, the first listed
    -- in youth.yaml.
    SELECT
        m.*, i.kind, i.per, i.unit, i.decimals, i.desirable_direction, i.min_gap,
        n.value_code, n.population_code, n.sample_size_code, g.sex, g.language_group
    FROM measured m
    JOIN mart.youth_pilot_indicator i USING (indicator_id)
    JOIN mart.youth_pilot_input n ON n.indicator_id = m.indicator_id AND n.position = m.position
    JOIN mart.dim_population_group g ON g.group_code = m.group_code AND g.age_group = i.age_group
    QUALIFY row_number() OVER (PARTITION BY m.indicator_id, m.area_code, m.period, m.group_code
                               ORDER BY m.position) = 1
),
judged AS (
    -- The status of the row's value: the fact's, the population's where a rate has none to
    -- divide by, suppressed where a survey share's respondents are hidden or too few.
    SELECT
        m.*,
        CASE
            WHEN m.status NOT IN ('ok', 'zero') THEN m.status
            WHEN m.population_code IS NOT NULL AND m.population_status IS NULL THEN 'missing'
            WHEN m.population_code IS NOT NULL AND m.population IS NULL THEN m.population_status
            WHEN m.population_code IS NOT NULL AND m.population = 0 THEN 'not_applicable'
            WHEN m.sample_size_code IS NOT NULL
                 AND (m.respondents IS NULL OR m.respondents < p.min_respondents)
                THEN 'suppressed'
            ELSE m.status
        END AS value_status,
        p.z, p.min_respondents, p.reference_language
    FROM cell m
    JOIN mart.youth_pilot p ON true
),
valued AS (
    SELECT
        j.*,
        CASE WHEN j.value_status NOT IN ('ok', 'zero') THEN NULL
             WHEN j.population_code IS NOT NULL
                 THEN round(j.per * coalesce(j.value, 0) / j.population, j.decimals)
             ELSE coalesce(j.value, 0)
        END AS shown_value
    FROM judged j
),
with_interval AS (
    -- Wilson score interval of a survey share p (0-1) of n respondents:
    -- (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), in per cent.
    SELECT
        v.*,
        CASE WHEN v.kind = 'survey_share' AND v.shown_value IS NOT NULL AND v.respondents > 0
             THEN round(100 * (v.shown_value / 100 + v.z * v.z / (2 * v.respondents)
                  - v.z * sqrt(v.shown_value / 100 * (1 - v.shown_value / 100) / v.respondents
                               + v.z * v.z / (4 * v.respondents * v.respondents)))
                  / (1 + v.z * v.z / v.respondents), 2)
        END AS ci_low,
        CASE WHEN v.kind = 'survey_share' AND v.shown_value IS NOT NULL AND v.respondents > 0
             THEN round(100 * (v.shown_value / 100 + v.z * v.z / (2 * v.respondents)
                  + v.z * sqrt(v.shown_value / 100 * (1 - v.shown_value / 100) / v.respondents
                               + v.z * v.z / (4 * v.respondents * v.respondents)))
                  / (1 + v.z * v.z / v.respondents), 2)
        END AS ci_high
    FROM valued v
),
paired AS (
    SELECT
        g.*,
        r.shown_value AS peer_value,
        coalesce(r.value_status, 'missing') AS peer_status,
        r.respondents AS peer_respondents,
        r.ci_low AS peer_ci_low,
        r.ci_high AS peer_ci_high,
        CASE WHEN g.kind <> 'count' AND g.language_group NOT IN (g.reference_language, 'total')
              AND g.shown_value IS NOT NULL AND r.shown_value IS NOT NULL
             THEN round(g.shown_value - r.shown_value, coalesce(g.decimals, 2))
        END AS gap
    FROM with_interval g
    LEFT JOIN with_interval r
      ON r.indicator_id = g.indicator_id AND r.area_code = g.area_code
     AND r.period = g.period AND r.frequency = g.frequency AND r.sex = g.sex
     AND r.language_group = g.reference_language
),
compared AS (
    SELECT
        p.*,
        CASE
            WHEN p.language_group = p.reference_language THEN 'reference_group'
            WHEN p.language_group = 'total' THEN 'all_language_groups'
            WHEN p.kind = 'count' THEN 'count_not_compared'
            WHEN p.shown_value IS NULL AND p.sample_size_code IS NOT NULL
                 AND p.status IN ('ok', 'zero') AND p.respondents IS NOT NULL
                THEN 'too_few_respondents'
            WHEN p.shown_value IS NULL AND p.sample_size_code IS NOT NULL
                 AND p.status IN ('ok', 'zero')
                THEN 'sample_size_not_published'
            WHEN p.shown_value IS NULL THEN 'value_not_published'
            WHEN p.peer_value IS NULL THEN 'peer_not_published'
            WHEN p.kind = 'survey_share' AND p.ci_low <= p.peer_ci_high
                 AND p.peer_ci_low <= p.ci_high THEN 'intervals_overlap'
            WHEN p.kind <> 'survey_share' AND p.gap = 0 THEN 'equal'
            WHEN p.kind <> 'survey_share' AND abs(p.gap) < p.min_gap THEN 'within_min_gap'
        END AS comparison_note
    FROM paired p
),
file_source AS (
    -- The pilot's source of each raw file (the first by id where two list one).
    SELECT source_file, min(source_id) AS source_id
    FROM (SELECT source_id, unnest(files) AS source_file FROM mart.youth_pilot_source)
    GROUP BY source_file
),
directed AS (
    SELECT
        c.*,
        CASE
            WHEN c.comparison_note = 'reference_group' THEN 'reference'
            WHEN c.comparison_note IN ('intervals_overlap', 'equal', 'within_min_gap')
                THEN 'no_difference'
            WHEN c.comparison_note IS NOT NULL THEN 'not_comparable'
            WHEN c.desirable_direction = 'lower'
                THEN CASE WHEN c.gap > 0 THEN 'behind' ELSE 'ahead' END
            WHEN c.desirable_direction = 'higher'
                THEN CASE WHEN c.gap > 0 THEN 'ahead' ELSE 'behind' END
            ELSE CASE WHEN c.gap > 0 THEN 'above' ELSE 'below' END
        END AS gap_direction
    FROM compared c
)
SELECT
    d.indicator_id,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.theme,
    d.kind,
    i.age_band,
    d.desirable_direction,
    d.unit,
    d.decimals,
    d.area_code,
    a.area_name_fi,
    a.area_name_sv,
    a.area_name_en,
    a.area_level,
    a.area_role,
    a.parent_area_code,
    d.frequency,
    d.period,
    d.period_start,
    d.sex,
    d.language_group,
    d.group_code,
    d.shown_value AS value,
    d.value_status AS status,
    CASE WHEN d.population_code IS NOT NULL AND d.shown_value IS NOT NULL THEN d.value END
        AS count_value,
    CASE WHEN d.shown_value IS NOT NULL THEN d.population END AS population,
    d.respondents,
    d.ci_low,
    d.ci_high,
    d.reference_language,
    d.peer_value,
    d.peer_status,
    d.peer_respondents,
    d.peer_ci_low,
    d.peer_ci_high,
    d.gap,
    CASE WHEN d.gap IS NOT NULL AND d.unit IN ('percent', 'per_1000', 'per_100000')
              AND d.peer_value > 0
         THEN round(d.shown_value / d.peer_value, 2) END AS gap_ratio,
    d.gap_direction,
    d.comparison_note,
    lag(d.period) OVER previous AS previous_period,
    lag(d.gap) OVER previous AS previous_gap,
    lag(d.gap_direction) OVER previous AS previous_gap_direction,
    round(d.gap - lag(d.gap) OVER previous, coalesce(d.decimals, 2)) AS gap_change,
    d.value_code AS indicator_code,
    d.population_code,
    d.sample_size_code,
    d.source,
    d.source_file,
    s.source_id
FROM directed d
JOIN mart.youth_pilot_indicator i USING (indicator_id)
JOIN report.youth_pilot_area a USING (area_code)
LEFT JOIN file_source s USING (source_file)
WINDOW previous AS (PARTITION BY d.indicator_id, d.area_code, d.frequency, d.sex,
                                 d.language_group
                    ORDER BY d.period_start);

COMMENT ON VIEW report.youth_language_gap IS 'The youth pilot''s language gaps (docs/youth-pilot.md): for each pilot indicator (mart.youth_pilot_indicator), area of report.youth_pilot_area (the county, its ten municipalities, their districts where a source has them), period, sex and language group: the value beside the Finnish-speaking peers'' (same area, period and sex), the gap (for sv and other; fi and total rows are there for charts), its change since the previous period and its direction. Worked out from the published, protected facts: a hidden or missing cell never becomes a number. Example: WHERE indicator_id = ''neet'' AND language_group = ''other'' AND sex = ''total''.';
COMMENT ON COLUMN report.youth_language_gap.indicator_id IS 'The pilot''s indicator, e.g. neet, lonely (mart.youth_pilot_indicator).';
COMMENT ON COLUMN report.youth_language_gap.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.youth_language_gap.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.youth_language_gap.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.youth_language_gap.theme IS 'exclusion (young people falling behind) or service (the services that reach them).';
COMMENT ON COLUMN report.youth_language_gap.kind IS 'survey_share (with respondents and an interval), register_rate (a whole population, no sampling error) or count (shown, not compared).';
COMMENT ON COLUMN report.youth_language_gap.age_band IS 'Ages the indicator covers, e.g. 15-24.';
COMMENT ON COLUMN report.youth_language_gap.desirable_direction IS 'Which way is better: higher, lower or neither (from raw/pilot/youth.yaml).';
COMMENT ON COLUMN report.youth_language_gap.unit IS 'Unit of value, peer_value and gap: percent (gap in percentage points), per_1000, count, ...';
COMMENT ON COLUMN report.youth_language_gap.decimals IS 'Decimals of value and gap.';
COMMENT ON COLUMN report.youth_language_gap.area_code IS 'Area code (mart.dim_area).';
COMMENT ON COLUMN report.youth_language_gap.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.youth_language_gap.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.youth_language_gap.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.youth_language_gap.area_level IS 'wellbeing_county, municipality, district or postal_code_area.';
COMMENT ON COLUMN report.youth_language_gap.area_role IS 'county, municipality or sub_area (report.youth_pilot_area).';
COMMENT ON COLUMN report.youth_language_gap.parent_area_code IS 'The area it is part of.';
COMMENT ON COLUMN report.youth_language_gap.frequency IS 'annual, quarterly or monthly.';
COMMENT ON COLUMN report.youth_language_gap.period IS 'Period as published, e.g. 2023.';
COMMENT ON COLUMN report.youth_language_gap.period_start IS 'First day of the period.';
COMMENT ON COLUMN report.youth_language_gap.sex IS 'total, male or female; the peers are of the same sex.';
COMMENT ON COLUMN report.youth_language_gap.language_group IS 'The language group: sv (Swedish speakers) and other (other languages than Finnish, Swedish or Sami) are compared with reference_language (fi: Finnish and Sami speakers), whose own rows have gap_direction reference; total is all language groups (no gap).';
COMMENT ON COLUMN report.youth_language_gap.group_code IS 'Population group of the value (mart.dim_population_group).';
COMMENT ON COLUMN report.youth_language_gap.value IS 'The group''s value: the published value, or a rate worked out from published counts (count_value / population x 100 or x 1000). NULL unless status is ok or zero.';
COMMENT ON COLUMN report.youth_language_gap.status IS 'ok or zero (value is a number), or why not: suppressed (small-number protection; a survey share of fewer than mart.youth_pilot.min_respondents respondents or whose respondents are hidden), confidential (by the publisher), missing, not_applicable (no population to divide by), ...';
COMMENT ON COLUMN report.youth_language_gap.count_value IS 'For a rate worked out from counts: the count (e.g. NEET young people) where value is a number.';
COMMENT ON COLUMN report.youth_language_gap.population IS 'For a rate worked out from counts: the population it is a share of, where value is a number.';
COMMENT ON COLUMN report.youth_language_gap.respondents IS 'For a survey share: the respondents (n), where published.';
COMMENT ON COLUMN report.youth_language_gap.ci_low IS 'For a survey share: lower end of its confidence interval (Wilson score interval at mart.youth_pilot.confidence_level, in per cent).';
COMMENT ON COLUMN report.youth_language_gap.ci_high IS 'For a survey share: upper end of its confidence interval.';
COMMENT ON COLUMN report.youth_language_gap.reference_language IS 'The peers'' language group: fi (Finnish speakers) unless youth.yaml says otherwise.';
COMMENT ON COLUMN report.youth_language_gap.peer_value IS 'The peers'' value: same indicator, area, period and sex, reference_language. NULL unless peer_status is ok or zero.';
COMMENT ON COLUMN report.youth_language_gap.peer_status IS 'Status of peer_value, as status; missing where the peers have no row.';
COMMENT ON COLUMN report.youth_language_gap.peer_respondents IS 'For a survey share: the peers'' respondents.';
COMMENT ON COLUMN report.youth_language_gap.peer_ci_low IS 'For a survey share: lower end of the peers'' interval.';
COMMENT ON COLUMN report.youth_language_gap.peer_ci_high IS 'For a survey share: upper end of the peers'' interval.';
COMMENT ON COLUMN report.youth_language_gap.gap IS 'value - peer_value in the unit (percentage points for percent): positive when the group''s value is higher. NULL for counts and where either value is not a number.';
COMMENT ON COLUMN report.youth_language_gap.gap_ratio IS 'value / peer_value (2 decimals), for rates and shares (percent, per 1000, per 100 000) with a peer value above 0; NULL for counts and other units, where a ratio says nothing.';
COMMENT ON COLUMN report.youth_language_gap.gap_direction IS 'What the gap means given desirable_direction: behind (worse than the peers), ahead (better), above or below (direction neither: higher or lower, neither better nor worse), no_difference (survey intervals overlap, equal values, or a register gap under min_gap), reference (the peers'' own row) or not_comparable (see comparison_note).';
COMMENT ON COLUMN report.youth_language_gap.comparison_note IS 'Why there is no gap: reference_group, all_language_groups, count_not_compared, value_not_published (status says why), too_few_respondents, sample_size_not_published, peer_not_published (peer_status says why), intervals_overlap, equal, within_min_gap; NULL when gap_direction names a gap.';
COMMENT ON COLUMN report.youth_language_gap.previous_period IS 'The previous period with a row for the same indicator, area, sex and language group.';
COMMENT ON COLUMN report.youth_language_gap.previous_gap IS 'The gap in previous_period.';
COMMENT ON COLUMN report.youth_language_gap.previous_gap_direction IS 'gap_direction in previous_period.';
COMMENT ON COLUMN report.youth_language_gap.gap_change IS 'gap - previous_gap: how much the gap grew (positive) or narrowed (negative, for a positive gap) since previous_period; NULL where either is not a number.';
COMMENT ON COLUMN report.youth_language_gap.indicator_code IS 'The mart indicator the value (or the count of a rate) comes from (mart.dim_indicator).';
COMMENT ON COLUMN report.youth_language_gap.population_code IS 'For a rate worked out from counts: the mart indicator of the population.';
COMMENT ON COLUMN report.youth_language_gap.sample_size_code IS 'For a survey share: the mart indicator of its respondents.';
COMMENT ON COLUMN report.youth_language_gap.source IS 'Source system of the value (statfin, county, espoo, ngo, sotkanet, ...).';
COMMENT ON COLUMN report.youth_language_gap.source_file IS 'Raw file the value was read from, relative to the raw directory.';
COMMENT ON COLUMN report.youth_language_gap.source_id IS 'The pilot''s source listing that file (mart.youth_pilot_source); NULL when youth.yaml lists none.';
