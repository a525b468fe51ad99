-- Small-number protection's layout (pipelines/protect/layout.py): every cell is keyed by one
-- BIGINT packing its block, area, age group, sex and language (ids of protect_block,
-- protect_area, protect_age; sex 0 total, 1 male, 2 female; language 0 total, 1 fi, 2 sv,
-- 3 other), so that a group's cells are found by arithmetic and one integer join, not by
-- joins on five columns. Bits: language 0-1, sex 2-3, age 4-13, area 14-29, block from 30.
-- A group (an equation) is named by the key of its head cell and its kind (2 bits: 0 sex,
-- 1 language, 2 age, 3 area); an area equation's "head" carries its equation number in the
-- area field, as one area can head several (a municipality's districts and postal areas).
CREATE OR REPLACE TEMP MACRO protect_key(block, area, age, sex, lang) AS
    (((((block::BIGINT << 16) | area) << 10 | age) << 2 | sex) << 2) | lang;

CREATE OR REPLACE TEMP MACRO protect_block_of(key) AS key >> 30;

CREATE OR REPLACE TEMP MACRO protect_area_of(key) AS ((key >> 14) & 65535)::INTEGER;

CREATE OR REPLACE TEMP MACRO protect_age_of(key) AS ((key >> 4) & 1023)::INTEGER;

CREATE OR REPLACE TEMP MACRO protect_sex_of(key) AS ((key >> 2) & 3)::INTEGER;

CREATE OR REPLACE TEMP MACRO protect_lang_of(key) AS (key & 3)::INTEGER;

-- The key with one field replaced.
CREATE OR REPLACE TEMP MACRO protect_with_area(key, area) AS
    key - (protect_area_of(key)::BIGINT << 14) + (area::BIGINT << 14);

CREATE OR REPLACE TEMP MACRO protect_with_age(key, age) AS
    key - (protect_age_of(key)::BIGINT << 4) + (age::BIGINT << 4);

CREATE OR REPLACE TEMP MACRO protect_with_sex(key, sex) AS
    key - (protect_sex_of(key)::BIGINT << 2) + (sex::BIGINT << 2);

CREATE OR REPLACE TEMP MACRO protect_with_lang(key, lang) AS key - protect_lang_of(key) + lang;

CREATE OR REPLACE TEMP MACRO protect_group(head, kind) AS (head << 2) | kind;

CREATE OR REPLACE TEMP MACRO protect_group_head(group_id) AS group_id >> 2;

CREATE OR REPLACE TEMP MACRO protect_group_kind(group_id) AS (group_id & 3)::INTEGER;

CREATE OR REPLACE TEMP MACRO protect_sex_id(sex) AS
    CASE sex WHEN 'total' THEN 0 WHEN 'male' THEN 1 WHEN 'female' THEN 2 END;

CREATE OR REPLACE TEMP MACRO protect_lang_id(lang) AS
    CASE lang WHEN 'total' THEN 0 WHEN 'fi' THEN 1 WHEN 'sv' THEN 2 WHEN 'other' THEN 3 END;

CREATE OR REPLACE TEMP MACRO protect_sex_code(id) AS ['total', 'male', 'female'][id + 1];

CREATE OR REPLACE TEMP MACRO protect_lang_code(id) AS ['total', 'fi', 'sv', 'other'][id + 1];
