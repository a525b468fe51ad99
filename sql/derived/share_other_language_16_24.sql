-- derived:share_other_language_16_24: foreign-language speakers (other than Finnish, Swedish
-- or Sami) among 16-24-year-olds, % = statfin:population of language group other, aged 16-24
-- / statfin:population of all language groups aged 16-24 x 100. A share is published only when
-- both counts are; otherwise the row carries the status of the count that is not.
DELETE FROM staging.derived_values WHERE indicator_code = 'derived:share_other_language_16_24';
DELETE FROM staging.derived_indicator WHERE indicator_code = 'derived:share_other_language_16_24';

INSERT INTO staging.derived_indicator VALUES (
    'derived:share_other_language_16_24',
    'Vieraskielisten osuus 16-24-vuotiaista, %',
    'Andelen främmande språk bland 16-24-åringar, %',
    'Foreign-language speakers among 16-24-year-olds, %',
    'percent', 1,
    ['statfin:population'],
    'population with another mother tongue than Finnish, Swedish or Sami aged 16-24 / population aged 16-24 x 100'
);

INSERT INTO staging.derived_values BY NAME
SELECT
    'derived' AS source,
    'sql/derived/share_other_language_16_24.sql' AS source_file,
    row_number() OVER (ORDER BY other.area_code, other.period, other.sex) AS row_number,
    'derived:share_other_language_16_24' AS indicator_code,
    other.area_code, other.period, other.frequency, other.period_start,
    other.sex, '16-24' AS age_group, 'total' AS language_group,
    other.sex || '.16-24.total' AS group_code,
    CASE WHEN other.status = 'ok' AND everyone.status = 'ok' AND everyone.value > 0
         THEN round(100 * other.value / everyone.value, 1) END AS value,
    NULL::DOUBLE AS absolute_value,
    CASE WHEN other.status <> 'ok' THEN other.status
         WHEN everyone.status <> 'ok' THEN everyone.status
         WHEN everyone.value = 0 THEN 'not_applicable'
         ELSE 'ok' END AS status,
    'percent' AS unit
FROM staging.base_values other
JOIN staging.base_values everyone
  ON everyone.indicator_code = other.indicator_code AND everyone.area_code = other.area_code
 AND everyone.period = other.period AND everyone.sex = other.sex
 AND everyone.age_group = other.age_group AND everyone.language_group = 'total'
WHERE other.indicator_code = 'statfin:population' AND other.age_group = '16-24'
  AND other.language_group = 'other';
