-- mart.dim_population_group: sex x age group x language group. Code: <sex>.<age>.<language>,
-- with total for a part that is not broken down (female.total.total, total.16-24.other).
CREATE OR REPLACE TABLE mart.dim_population_group AS
WITH sexes (sex, sex_fi, sex_sv, sex_en, sex_order) AS (
    VALUES ('total', 'yhteensä', 'totalt', 'total', 0),
           ('male', 'miehet', 'män', 'males', 1),
           ('female', 'naiset', 'kvinnor', 'females', 2)
),
languages (language_group, lang_fi, lang_sv, lang_en) AS (
    VALUES ('total', NULL, NULL, NULL),
           ('fi', 'suomenkieliset', 'finskspråkiga', 'Finnish speakers'),
           ('sv', 'ruotsinkieliset', 'svenskspråkiga', 'Swedish speakers'),
           ('other', 'vieraskieliset', 'främmande språk', 'other languages')
),
groups AS (
    -- Every sex on its own, plus every combination a staged value uses.
    SELECT sex, 'total' AS age_group, 'total' AS language_group FROM sexes
    UNION
    SELECT DISTINCT sex, age_group, language_group FROM staging.indicator_values
)
SELECT
    g.sex || '.' || g.age_group || '.' || g.language_group AS group_code,
    g.sex,
    g.age_group,
    g.language_group,
    concat_ws(', ', s.sex_fi, CASE WHEN g.age_group = 'unknown' THEN 'ikä tuntematon' WHEN g.age_group <> 'total' THEN g.age_group || '-vuotiaat' END, l.lang_fi) AS label_fi,
    concat_ws(', ', s.sex_sv, CASE WHEN g.age_group = 'unknown' THEN 'okänd ålder' WHEN g.age_group <> 'total' THEN g.age_group || ' år' END, l.lang_sv) AS label_sv,
    concat_ws(', ', s.sex_en, CASE WHEN g.age_group = 'unknown' THEN 'age unknown' WHEN g.age_group <> 'total' THEN 'aged ' || g.age_group END, l.lang_en) AS label_en
FROM groups g
JOIN sexes s USING (sex)
JOIN languages l USING (language_group)
ORDER BY s.sex_order, g.age_group, g.language_group;

COMMENT ON TABLE mart.dim_population_group IS 'Population groups: sex x age group x language group, with total for each part that is not broken down. Age groups are kept as published, never merged.';
COMMENT ON COLUMN mart.dim_population_group.group_code IS 'Group code <sex>.<age_group>.<language_group>, e.g. total.total.total (everyone), female.total.total.';
COMMENT ON COLUMN mart.dim_population_group.sex IS 'total, male or female.';
COMMENT ON COLUMN mart.dim_population_group.age_group IS 'Age group as published (e.g. 16-24, 65-), total, or unknown (the publisher''s category for an age not known).';
COMMENT ON COLUMN mart.dim_population_group.language_group IS 'Language group: fi (Finnish), sv (Swedish), other (other languages) or total.';
COMMENT ON COLUMN mart.dim_population_group.label_fi IS 'Label in Finnish.';
COMMENT ON COLUMN mart.dim_population_group.label_sv IS 'Label in Swedish.';
COMMENT ON COLUMN mart.dim_population_group.label_en IS 'Label in English.';
