-- derived:paavo_unemployment_rate: the unemployed as a share of the labour force by postal
-- code area, % = Paavo's unemployed (statfin:paavo.pt_tyott) / (employed, statfin:paavo.
-- pt_tyoll, + unemployed) x 100 (Statistics Finland's Paavo, main type of activity). Paavo
-- publishes the counts, not the rate; the rate is what can be compared between small areas
-- of different size (the segregation measures and the small-area maps). Published only when
-- both counts are; otherwise the row carries the status of the count that is not.
DELETE FROM staging.derived_values WHERE indicator_code = 'derived:paavo_unemployment_rate';
DELETE FROM staging.derived_indicator WHERE indicator_code = 'derived:paavo_unemployment_rate';

INSERT INTO staging.derived_indicator VALUES (
    'derived:paavo_unemployment_rate',
    'Työttömien osuus työvoimasta postinumeroalueittain (Paavo), %',
    'Arbetslösas andel av arbetskraften per postnummerområde (Paavo), %',
    'Unemployed, % of the labour force, by postal code area (Paavo)',
    'percent', 1,
    ['statfin:paavo.pt_tyott', 'statfin:paavo.pt_tyoll'],
    'unemployed / (employed + unemployed) x 100, main type of activity (Paavo)'
);

INSERT INTO staging.derived_values BY NAME
SELECT
    'derived' AS source,
    'sql/derived/paavo_unemployment_rate.sql' AS source_file,
    row_number() OVER (ORDER BY unemployed.area_code, unemployed.period) AS row_number,
    'derived:paavo_unemployment_rate' AS indicator_code,
    unemployed.area_code, unemployed.period, unemployed.frequency, unemployed.period_start,
    unemployed.sex, unemployed.age_group, unemployed.language_group, unemployed.group_code,
    CASE WHEN unemployed.status IN ('ok', 'zero') AND employed.status IN ('ok', 'zero')
              AND employed.value + unemployed.value > 0
         THEN round(100 * unemployed.value / (employed.value + unemployed.value), 1) END
        AS value,
    NULL::DOUBLE AS absolute_value,
    CASE WHEN unemployed.status NOT IN ('ok', 'zero') THEN unemployed.status
         WHEN employed.status NOT IN ('ok', 'zero') THEN employed.status
         WHEN employed.value + unemployed.value = 0 THEN 'not_applicable'
         ELSE 'ok' END AS status,
    'percent' AS unit
FROM staging.base_values unemployed
JOIN staging.base_values employed
  ON employed.area_code = unemployed.area_code AND employed.period = unemployed.period
 AND employed.group_code = unemployed.group_code
 AND employed.indicator_code = 'statfin:paavo.pt_tyoll'
WHERE unemployed.indicator_code = 'statfin:paavo.pt_tyott'
