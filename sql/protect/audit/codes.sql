-- Protection audit (pipelines/protect/audit.py `audit`): the failing cells by their fact key,
-- for the caller.
CREATE OR REPLACE TEMP TABLE audit_failing AS
SELECT b.indicator_code, a.area_code, b.period,
       protect_sex_code(protect_sex_of(f.cell_key)) || '.' || x.age_group || '.'
           || protect_lang_code(protect_lang_of(f.cell_key)) AS group_code,
       f.value, f.lower, f.upper, f.reason
FROM protect_audit_failing f
JOIN protect_block b ON b.block_id = protect_block_of(f.cell_key)
JOIN protect_area a ON a.area_id = protect_area_of(f.cell_key)
JOIN protect_age x ON x.age_id = protect_age_of(f.cell_key)
ORDER BY b.indicator_code, a.area_code, b.period, group_code;
