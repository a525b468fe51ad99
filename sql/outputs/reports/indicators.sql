-- What the appendix says of each indicator: names, source, publisher, unit, decimals,
-- desirable direction.
SELECT
    indicator_code,
    source,
    organization,
    name_fi,
    name_sv,
    name_en,
    unit,
    decimals,
    desirable_direction
FROM mart.dim_indicator
ORDER BY indicator_code
