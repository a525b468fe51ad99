-- protected.suppressed_value: the facts small-number protection hides in the published mart,
-- by key, with the reason. Written from the decision of pipelines/protect/suppression.py.
CREATE SCHEMA IF NOT EXISTS protected;

CREATE OR REPLACE TABLE protected.suppressed_value AS
SELECT indicator_code, area_code, period, group_code, suppression
FROM protect_decision
ORDER BY indicator_code, area_code, period, group_code;
