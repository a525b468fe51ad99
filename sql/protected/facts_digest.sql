-- All facts counted and their rows hashed, as in block_hash.sql (the blocks' sums add up to
-- this): publishing checks the facts are still those the protection decided for.
SELECT count(*) AS fact_rows,
       coalesce(sum(hash(indicator_code, area_code, period, group_code, value, absolute_value,
                         status)), 0)::VARCHAR AS fact_hash
FROM mart.fact_indicator_value;
