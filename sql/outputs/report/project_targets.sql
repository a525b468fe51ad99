-- report.project_targets: the development-project register with the indicators each project
-- aims to move and how they have moved: one row per project and targeted indicator, area and
-- group (mart.v_project_indicator_trend), plus one row, without indicator, for each project
-- whose card names none, so the whole register shows in the BI tool.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.project_targets AS
WITH targets AS (
    SELECT
        t.project_key,
        t.indicator_code,
        t.area_code,
        t.group_code,
        t.start_year,
        t.start_period,
        t.start_value,
        t.latest_period,
        t.latest_value,
        t.change
    FROM mart.v_project_indicator_trend t
)
SELECT
    p.project_key,
    p.title AS project_title,
    p.acronym AS project_acronym,
    p.level AS project_level,
    p.status AS project_status,
    p.status_as_of AS project_status_as_of,
    p.start_date AS project_start_date,
    p.end_date AS project_end_date,
    p.coordinator AS project_coordinator,
    p.budget_eur AS project_budget_eur,
    t.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    t.area_code AS target_area_code,
    a.name_fi AS target_area_name_fi,
    a.name_sv AS target_area_name_sv,
    a.name_en AS target_area_name_en,
    t.group_code AS target_group_code,
    g.label_fi AS target_group_label_fi,
    g.label_sv AS target_group_label_sv,
    g.label_en AS target_group_label_en,
    t.start_period AS baseline_period,
    t.start_value AS baseline_value,
    t.latest_period,
    t.latest_value,
    round(t.change, coalesce(i.decimals, 6)) AS change_since_baseline
FROM mart.dim_project p
LEFT JOIN targets t USING (project_key)
LEFT JOIN mart.dim_indicator i USING (indicator_code)
LEFT JOIN mart.dim_area a ON a.area_code = t.area_code
LEFT JOIN mart.dim_population_group g ON g.group_code = t.group_code;

COMMENT ON VIEW report.project_targets IS 'The development-project register with the wellbeing indicators each project aims to move: one row per project x targeted indicator x area x group, with the value when the project started (baseline), the latest value and the change; a project whose card names no indicator has one row with the indicator columns NULL. From mart.dim_project and mart.v_project_indicator_trend (the links: mart.project_indicator).';
COMMENT ON COLUMN report.project_targets.project_key IS 'Project key, e.g. hytedata-2-0; see mart.dim_project.';
COMMENT ON COLUMN report.project_targets.project_title IS 'Project name, e.g. HyteData 2.0.';
COMMENT ON COLUMN report.project_targets.project_acronym IS 'Short name of the project, where it has one.';
COMMENT ON COLUMN report.project_targets.project_level IS 'international, national or city (the city''s own projects).';
COMMENT ON COLUMN report.project_targets.project_status IS 'planned, ongoing, ended or unknown (no dates), judged on project_status_as_of.';
COMMENT ON COLUMN report.project_targets.project_status_as_of IS 'The day project_status was judged on: the day of the build.';
COMMENT ON COLUMN report.project_targets.project_start_date IS 'First day of the project; NULL when not known.';
COMMENT ON COLUMN report.project_targets.project_end_date IS 'Last day of the project; NULL when not known.';
COMMENT ON COLUMN report.project_targets.project_coordinator IS 'Coordinating organisation, where named.';
COMMENT ON COLUMN report.project_targets.project_budget_eur IS 'Budget in whole euros (the largest amount the description states); NULL when none is stated.';
COMMENT ON COLUMN report.project_targets.indicator_code IS 'Indicator the project aims to move (source:id), e.g. sotkanet:3219; NULL when the project''s card names none.';
COMMENT ON COLUMN report.project_targets.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.project_targets.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.project_targets.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.project_targets.unit IS 'Unit of the values and of the change (for percent, the change is in percentage points).';
COMMENT ON COLUMN report.project_targets.decimals IS 'Decimals the publisher uses for the values; format the values with it.';
COMMENT ON COLUMN report.project_targets.target_area_code IS 'Area the project aims at, e.g. KU049 (Espoo), HVA03 (Western Uusimaa wellbeing services county).';
COMMENT ON COLUMN report.project_targets.target_area_name_fi IS 'Target area name in Finnish.';
COMMENT ON COLUMN report.project_targets.target_area_name_sv IS 'Target area name in Swedish.';
COMMENT ON COLUMN report.project_targets.target_area_name_en IS 'Target area name in English.';
COMMENT ON COLUMN report.project_targets.target_group_code IS 'Population group the project aims at, e.g. total.total.total (everyone).';
COMMENT ON COLUMN report.project_targets.target_group_label_fi IS 'Target population group in Finnish.';
COMMENT ON COLUMN report.project_targets.target_group_label_sv IS 'Target population group in Swedish.';
COMMENT ON COLUMN report.project_targets.target_group_label_en IS 'Target population group in English.';
COMMENT ON COLUMN report.project_targets.baseline_period IS 'Period of baseline_value: the project''s start year, or the last period before it when the start year has no value yet.';
COMMENT ON COLUMN report.project_targets.baseline_value IS 'Value when the project started (see baseline_period); NULL when the start is unknown or no value precedes it.';
COMMENT ON COLUMN report.project_targets.latest_period IS 'Latest period with a value (status ok or zero).';
COMMENT ON COLUMN report.project_targets.latest_value IS 'Value in latest_period.';
COMMENT ON COLUMN report.project_targets.change_since_baseline IS 'latest_value - baseline_value in the unit, rounded to the publisher''s decimals (6 where none are given); 0 when nothing newer than the baseline has been published yet.';
