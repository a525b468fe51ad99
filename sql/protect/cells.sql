-- Small-number protection, step 1 (pipelines/suppression.py): the cells of protect_source (a
-- temporary view over the relation to protect, in the shape of mart.fact_indicator_value),
-- their primary suppression, and the additive groups a hidden cell could be worked out from.
-- Temporary tables only; known.sql, derive.sql and complement.sql then run in loops on them.
-- Rows are assumed unique per indicator x area x period x group (the fact table's key).

-- Every input row once, with what the decision needs. The numbers are only ids: no choice
-- below depends on them (complement.sql breaks ties by area and group code, unique within a
-- group), so the result is the same whatever order the rows came in, and nothing is sorted.
CREATE OR REPLACE TEMP TABLE protect_input AS
SELECT row_number() OVER () AS protect_row_id,
       indicator_code, area_code, period, group_code, value, absolute_value, status
FROM protect_source;

-- count_value: the number a person could be singled out by: for count indicators the value,
-- for every other unit (rates) the absolute_value behind it. published: that count is a
-- number in the input (status ok or zero); missing, confidential and the like are not.
CREATE OR REPLACE TEMP TABLE protect_present AS
WITH row_cell AS (
    SELECT i.protect_row_id AS row_id,
           i.indicator_code, i.area_code, i.period,
           coalesce(g.sex, split_part(i.group_code, '.', 1)) AS sex,
           coalesce(g.age_group, split_part(i.group_code, '.', 2)) AS age_group,
           coalesce(g.language_group, split_part(i.group_code, '.', 3)) AS language_group,
           coalesce(d.unit = 'count', false) AS is_count,
           i.value, i.absolute_value,
           i.status IN ('ok', 'zero') AS status_published
    FROM protect_input i
    LEFT JOIN mart.dim_population_group g USING (group_code)
    LEFT JOIN mart.dim_indicator d USING (indicator_code)
)
SELECT row_id, indicator_code, area_code, period, sex, age_group, language_group,
       CASE WHEN is_count THEN value ELSE absolute_value END AS count_value,
       status_published AND (CASE WHEN is_count THEN value ELSE absolute_value END) IS NOT NULL
           AS published,
       -- Primary: a published count of 1 .. threshold-1, be it the value of a count indicator
       -- or the absolute value behind any value. Zero is not suppressed: an empty cell says
       -- nobody is in it, which singles nobody out.
       CASE WHEN status_published
                 AND ((is_count AND value > 0 AND value < $threshold)
                      OR (absolute_value > 0 AND absolute_value < $threshold))
            THEN 'primary' END AS suppression
FROM row_cell;

-- Cells: the rows, plus the cells the rows' additive structures imply but the input lacks
-- (row_id NULL). An absent cell is unknown, yet it can be worked out (a municipality the
-- data lacks = county - the others) and then give away another one, so the groups must
-- hold it. Per indicator x period x age group, the cube of its areas x sexes x languages:
-- sexes male and female where any row is by sex, languages where any row is by language,
-- and a wellbeing services county with all its municipalities where any of them has a row.
CREATE OR REPLACE TEMP TABLE protect_cell AS
WITH block_sex AS (
    SELECT indicator_code, period, age_group,
           unnest(CASE WHEN bool_or(sex IN ('male', 'female'))
                       THEN ['total', 'male', 'female'] ELSE ['total'] END) AS sex
    FROM protect_present
    GROUP BY indicator_code, period, age_group
),
block_language AS (
    SELECT indicator_code, period, age_group,
           unnest(CASE WHEN bool_or(language_group IN ('fi', 'sv', 'other'))
                       THEN ['total', 'fi', 'sv', 'other'] ELSE ['total'] END) AS language_group
    FROM protect_present
    GROUP BY indicator_code, period, age_group
),
municipality AS (
    SELECT m.area_code, m.wellbeing_county_code AS county_code
    FROM mart.dim_area m
    JOIN mart.dim_area c ON c.area_code = m.wellbeing_county_code
                        AND c.area_level = 'wellbeing_county'
    WHERE m.area_level = 'municipality'
),
block_county AS (
    SELECT DISTINCT p.indicator_code, p.period, p.age_group, m.county_code
    FROM protect_present p
    JOIN municipality m USING (area_code)
),
block_area AS (
    SELECT indicator_code, period, age_group, area_code FROM protect_present
    UNION
    SELECT indicator_code, period, age_group, county_code FROM block_county
    UNION
    SELECT b.indicator_code, b.period, b.age_group, m.area_code
    FROM block_county b
    JOIN municipality m USING (county_code)
),
cell_key AS (
    SELECT a.indicator_code, a.area_code, a.period, s.sex, a.age_group, l.language_group
    FROM block_area a
    JOIN block_sex s USING (indicator_code, period, age_group)
    JOIN block_language l USING (indicator_code, period, age_group)
    UNION
    SELECT indicator_code, area_code, period, sex, age_group, language_group
    FROM protect_present
)
SELECT row_number() OVER () AS cell_id,
       k.indicator_code, k.area_code, k.period, k.sex, k.age_group, k.language_group,
       k.sex || '.' || k.age_group || '.' || k.language_group AS group_code,
       p.row_id, p.count_value,
       coalesce(p.published, false) AS published,
       -- known: published and not suppressed, or worked out from such counts (known.sql,
       -- derive.sql).
       false AS known,
       p.suppression
FROM cell_key k
LEFT JOIN protect_present p
       USING (indicator_code, area_code, period, sex, age_group, language_group);

-- Additive groups: a total (the head) and the parts that sum to it, within one indicator x
-- period with every other dimension fixed. group_id = head cell x 3 + kind.
--   sex (0):      total = male + female
--   language (1): total = fi + sv + other
--   area (2):     wellbeing services county = all its municipalities (mart.dim_area)
-- Age groups overlap (16-24 and 18-24) and are no additive structure.
CREATE OR REPLACE TEMP TABLE protect_member AS
WITH county_size AS (
    SELECT m.wellbeing_county_code AS county_code, count(*) AS municipalities
    FROM mart.dim_area m
    WHERE m.area_level = 'municipality'
    GROUP BY m.wellbeing_county_code
),
part AS (
    SELECT h.cell_id * 3 AS group_id, h.cell_id AS head_id, p.cell_id, 2 AS expected
    FROM protect_cell h
    JOIN protect_cell p
      ON p.indicator_code = h.indicator_code AND p.period = h.period
     AND p.area_code = h.area_code AND p.age_group = h.age_group
     AND p.language_group = h.language_group
    WHERE h.sex = 'total' AND p.sex IN ('male', 'female')
    UNION ALL
    SELECT h.cell_id * 3 + 1, h.cell_id, p.cell_id, 3
    FROM protect_cell h
    JOIN protect_cell p
      ON p.indicator_code = h.indicator_code AND p.period = h.period
     AND p.area_code = h.area_code AND p.sex = h.sex AND p.age_group = h.age_group
    WHERE h.language_group = 'total' AND p.language_group IN ('fi', 'sv', 'other')
    UNION ALL
    SELECT h.cell_id * 3 + 2, h.cell_id, p.cell_id, s.municipalities
    FROM protect_cell h
    JOIN mart.dim_area county ON county.area_code = h.area_code
                             AND county.area_level = 'wellbeing_county'
    JOIN county_size s ON s.county_code = h.area_code
    JOIN mart.dim_area municipality ON municipality.wellbeing_county_code = h.area_code
                                   AND municipality.area_level = 'municipality'
    JOIN protect_cell p
      ON p.area_code = municipality.area_code AND p.indicator_code = h.indicator_code
     AND p.period = h.period AND p.sex = h.sex AND p.age_group = h.age_group
     AND p.language_group = h.language_group
),
-- The cube holds every part of a structure in use; a group lacking one is not in use.
whole AS (
    SELECT group_id FROM part GROUP BY group_id, expected HAVING count(*) = expected
)
SELECT group_id, cell_id, false AS is_head FROM part SEMI JOIN whole USING (group_id)
UNION ALL
SELECT DISTINCT group_id, head_id, true FROM part SEMI JOIN whole USING (group_id);
