-- What the facts were when protection decided (pipelines/assets/protection.py), checked again
-- by publishing: the decision is a list of keys to hide, right only for the facts it was made
-- for. Rows are counted and their hashes summed (a sum, not an xor: two equal rows must not
-- cancel out).
SELECT count(*) AS fact_rows,
       coalesce(sum(hash(indicator_code, area_code, period, group_code, value, absolute_value,
                         status)), 0)::VARCHAR AS fact_hash
FROM mart.fact_indicator_value;
