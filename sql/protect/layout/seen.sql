-- Small-number protection, step 0 (pipelines/protect/layout.py): which rows need the work at
-- all, in one scan. Every equation lies within one indicator x period x family of
-- overlapping age groups (pipelines/protect/ages.py), so only the indicator x periods holding
-- a target (a small count) are worked on, and of those only the families holding one: the
-- other rows pass unchanged. Per indicator x period x age group: does it hold a target, is
-- it broken down by sex or language, and does it name a sex or language the equations do not
-- know (pipelines/protect/layout.py refuses those).
CREATE OR REPLACE TEMP TABLE protect_seen AS
SELECT indicator_code, period, age_group,
       bool_or(target) AS target,
       bool_or(sex_id > 0) AS by_sex,
       bool_or(lang_id > 0) AS by_language,
       bool_and(sex_id IS NOT NULL AND lang_id IS NOT NULL) AS known_groups
FROM protect_rows
GROUP BY ALL;
