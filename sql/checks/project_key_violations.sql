-- Project register rows whose keys do not resolve, or that repeat a key.
SELECT 'duplicate project' AS problem, project_key, NULL AS detail
FROM mart.dim_project GROUP BY project_key HAVING count(*) > 1
UNION ALL
SELECT 'duplicate organisation', organization_key, NULL
FROM mart.dim_organization GROUP BY organization_key HAVING count(*) > 1
UNION ALL
SELECT 'unknown coordinator', project_key, coordinator_organization_key
FROM mart.dim_project p
WHERE coordinator_organization_key IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM mart.dim_organization o WHERE o.organization_key = p.coordinator_organization_key)
UNION ALL
SELECT 'partner of unknown project', project_key, organization_key
FROM mart.project_partner x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'unknown organisation', project_key, organization_key
FROM mart.project_partner x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_organization o WHERE o.organization_key = x.organization_key)
UNION ALL
SELECT 'contact of unknown project', project_key, email
FROM mart.project_contact x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'funding of unknown project', project_key, CAST(amount_eur AS VARCHAR)
FROM mart.project_funding x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'link of unknown project', project_key, title
FROM mart.project_link x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'field source of unknown project', project_key, field
FROM mart.project_field_source x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'indicator link of unknown project', project_key, indicator_code
FROM mart.project_indicator x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_project p WHERE p.project_key = x.project_key)
UNION ALL
SELECT 'indicator link does not resolve', project_key,
       indicator_code || ' ' || target_area_code || ' ' || target_group_code
FROM mart.project_indicator x
WHERE NOT EXISTS (SELECT 1 FROM mart.dim_indicator i WHERE i.indicator_code = x.indicator_code)
   OR NOT EXISTS (SELECT 1 FROM mart.dim_area a WHERE a.area_code = x.target_area_code)
   OR NOT EXISTS (SELECT 1 FROM mart.dim_population_group g
                  WHERE g.group_code = x.target_group_code)
