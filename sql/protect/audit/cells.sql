-- Protection audit, step 1 (pipelines/protect/audit.py): the cells of the blocks to audit.
-- audit_input is a temporary view over the relation audited (the restricted facts with a
-- BOOLEAN `hidden`: the published file hides the cell); audit_area_component (area_code,
-- component_id) links the areas the additive area groups (audit_group_area) connect.
--
-- A row's count is what a person could be singled out by, as in sql/protect/cells.sql: the
-- value of a count indicator (mart.dim_indicator.unit = 'count'), else the absolute value.
-- known: a count the published file shows (status ok or zero, not hidden): a constant.
-- audited: a count the published file hides (and the caller names: audit_target): the cells
-- whose interval is worked out.
-- Every other cell (a hidden or unpublished row, a rate without its count, a cell the data
-- lacks) is an unknown >= 0 of the equations.
CREATE OR REPLACE TEMP TABLE audit_row AS
SELECT f.indicator_code, f.period, f.area_code, f.group_code,
       split_part(f.group_code, '.', 1) AS sex,
       split_part(f.group_code, '.', 2) AS age_group,
       split_part(f.group_code, '.', 3) AS language_group,
       CASE WHEN coalesce(d.unit = 'count', false) THEN f.value ELSE f.absolute_value END
           AS count_value,
       f.status IN ('ok', 'zero') AS status_published,
       coalesce(f.hidden, false) AS hidden,
       f.audit_target
FROM audit_input f
LEFT JOIN mart.dim_indicator d USING (indicator_code);

-- Blocks: indicator x period x age group (age groups overlap and are not additive, so no
-- equation crosses a block). Only blocks holding a hidden count are audited.
CREATE OR REPLACE TEMP TABLE audit_block AS
SELECT row_number() OVER (ORDER BY indicator_code, period, age_group) AS block_id, *
FROM (
    SELECT DISTINCT indicator_code, period, age_group
    FROM audit_row
    WHERE hidden AND audit_target AND status_published AND count_value IS NOT NULL
);

CREATE OR REPLACE TEMP TABLE audit_present AS
SELECT b.block_id, r.area_code, r.sex, r.language_group, r.group_code, r.count_value,
       r.status_published AND r.count_value IS NOT NULL AND NOT r.hidden AS known,
       r.status_published AND r.count_value IS NOT NULL AND r.hidden AND r.audit_target
           AS audited
FROM audit_row r
JOIN audit_block b USING (indicator_code, period, age_group);

-- Per block: whether it is broken down by sex (total = male + female) and by language
-- (total = fi + sv + other), and the sexes and languages of its cells.
CREATE OR REPLACE TEMP TABLE audit_block_shape AS
SELECT block_id,
       bool_or(sex IN ('male', 'female')) AS by_sex,
       bool_or(language_group IN ('fi', 'sv', 'other')) AS by_language,
       list_distinct(flatten([list(sex), CASE WHEN bool_or(sex IN ('male', 'female'))
                                              THEN ['total', 'male', 'female'] END]))
           AS sexes,
       list_distinct(flatten([list(language_group),
                              CASE WHEN bool_or(language_group IN ('fi', 'sv', 'other'))
                                   THEN ['total', 'fi', 'sv', 'other'] END]))
           AS languages,
       count(*) AS rows
FROM audit_present
GROUP BY block_id;

-- The areas of a block: those of its rows and every area an area group connects them to
-- (a county table's municipalities bring in their county, region, the country, ... and all
-- their members), so that each equation in the block has all its cells.
CREATE OR REPLACE TEMP TABLE audit_block_area AS
WITH row_area AS (
    SELECT DISTINCT block_id, area_code FROM audit_present
),
block_component AS (
    SELECT DISTINCT r.block_id, c.component_id
    FROM row_area r JOIN audit_area_component c USING (area_code)
)
SELECT block_id, area_code FROM row_area
UNION
SELECT b.block_id, c.area_code
FROM block_component b JOIN audit_area_component c USING (component_id);

-- Cells the block's structure implies but the data lacks: unknowns too. Only blocks with
-- fewer rows than areas x sexes x languages have any.
CREATE OR REPLACE TEMP TABLE audit_absent AS
WITH size AS (
    SELECT block_id, count(*) AS areas FROM audit_block_area GROUP BY block_id
),
incomplete AS (
    SELECT s.block_id, s.sexes, s.languages
    FROM audit_block_shape s JOIN size USING (block_id)
    WHERE s.rows < size.areas * len(s.sexes) * len(s.languages)
),
cube AS (
    SELECT a.block_id, a.area_code, unnest(i.sexes) AS sex, i.languages
    FROM incomplete i JOIN audit_block_area a USING (block_id)
)
SELECT block_id, area_code, sex, unnest(languages) AS language_group
FROM cube
EXCEPT
SELECT block_id, area_code, sex, language_group FROM audit_present;

-- The cells of the equations: known ones with their count, unknown ones numbered (only
-- they need a number: numbering every cell would sort them all).
CREATE OR REPLACE TEMP TABLE audit_cell AS
WITH unknown AS (
    SELECT block_id, area_code, sex, language_group, group_code, count_value, known, audited
    FROM audit_present
    WHERE NOT known
    UNION ALL
    SELECT a.block_id, a.area_code, a.sex, a.language_group,
           a.sex || '.' || b.age_group || '.' || a.language_group, NULL, false, false
    FROM audit_absent a JOIN audit_block b USING (block_id)
)
SELECT block_id, area_code, sex, language_group, group_code, count_value, known, audited,
       NULL::BIGINT AS cell_id
FROM audit_present
WHERE known
UNION ALL
SELECT *, row_number() OVER (ORDER BY block_id, area_code, sex, language_group)
FROM unknown;
