-- The facts by protection block (indicator x period x age group: every additive group lies
-- within one, so a block's decision depends on its own rows alone), each block's rows counted
-- and their content hashed (a sum, not an xor: two equal rows must not cancel out). Kept as
-- protected.block_state by the protection asset: the next build works again only on the
-- blocks that changed.
-- Only the facts of the indicators in $indicators are read, unless $all: the blocks of the
-- others are those of protected.block_state, their staged values being unchanged
-- (pipelines/assets/protection.py says why that is safe). list_contains, not IN (subquery):
-- DuckDB pushes it into the scan of the staged rows.
CREATE OR REPLACE TEMP TABLE protection_block_now AS
SELECT f.indicator_code, f.period,
       split_part(f.group_code, '.', 2) AS age_group,
       count(*) AS fact_rows,
       -- Every column of the key and the value (FACT_HASH_COLUMNS in pipelines/assets/
       -- protection.py): the blocks' sums add up to the digest of all facts, which
       -- publishing checks in the scan that compares the facts by indicator.
       sum(hash(f.indicator_code, f.area_code, f.period, f.group_code, f.value,
                f.absolute_value, f.status))::VARCHAR AS fact_hash
FROM mart.fact_indicator_value f
WHERE $all OR list_contains($indicators::VARCHAR[], f.indicator_code)
GROUP BY ALL
UNION ALL
SELECT indicator_code, period, age_group, fact_rows, fact_hash
FROM protected.block_state
WHERE NOT $all AND NOT list_contains($indicators::VARCHAR[], indicator_code);
