-- Sotkanet indicator metadata (indicators.json, registered as sotkanet_indicators_input)
-- with the bounds its unit allows, used by the row rules.
CREATE OR REPLACE TABLE staging.sotkanet_indicator AS
SELECT
    indicator_id::BIGINT AS indicator_id,
    'sotkanet:' || indicator_id AS indicator_code,
    name_fi::VARCHAR AS name_fi, name_sv::VARCHAR AS name_sv, name_en::VARCHAR AS name_en,
    organization::VARCHAR AS organization,
    decimals::INTEGER AS decimals,
    sex_values::VARCHAR[] AS sex_values,
    unit::VARCHAR AS unit,
    CASE WHEN unit IN ('percent', 'per_1000', 'per_100000', 'count') THEN 0.0
         WHEN unit = 'percentage_point' THEN -100.0 END AS value_min,
    CASE unit WHEN 'percent' THEN 100.0 WHEN 'percentage_point' THEN 100.0
              WHEN 'per_1000' THEN 1000.0 WHEN 'per_100000' THEN 100000.0 END AS value_max
FROM sotkanet_indicators_input;
