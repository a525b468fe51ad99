-- Where the staged values repeat a key (indicator x area x period x group): read only when the
-- uniqueness expectation failed, to say which files and rows stage the same cell. One row per
-- set of files that repeat keys (the same table in two files, or one file repeating itself),
-- with how many keys, the first key and the rows that stage it. $limit: the file sets shown.
WITH repeated AS (
    SELECT indicator_code, area_code, period, group_code,
           list(DISTINCT source_file ORDER BY source_file) AS files,
           list(source_file || ' row ' || row_number ORDER BY source_file, row_number) AS places
    FROM staging.indicator_values
    GROUP BY indicator_code, area_code, period, group_code
    HAVING count(*) > 1
)
SELECT files,
       count(*) AS keys,
       arg_min(indicator_code || ' ' || area_code || ' ' || period || ' ' || group_code,
               (indicator_code, area_code, period, group_code)) AS example_key,
       arg_min(places, (indicator_code, area_code, period, group_code)) AS example_rows
FROM repeated
GROUP BY files
ORDER BY keys DESC, files
LIMIT $limit;
