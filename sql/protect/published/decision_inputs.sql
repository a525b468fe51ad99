-- What a protection decision depends on besides its block's rows: the dimensions it reads
-- (areas and their counties, indicator units, population groups), hashed. With the threshold
-- and the SQL of the decision, it decides whether the kept decisions still hold.
SELECT md5(concat_ws('#',
    (SELECT string_agg(concat_ws('|', area_code, area_level, wellbeing_county_code), ';'
                       ORDER BY area_code) FROM mart.dim_area),
    (SELECT string_agg(concat_ws('|', indicator_code, unit), ';' ORDER BY indicator_code)
     FROM mart.dim_indicator),
    (SELECT string_agg(concat_ws('|', group_code, sex, age_group, language_group), ';'
                       ORDER BY group_code) FROM mart.dim_population_group)
)) AS dimensions_hash;
