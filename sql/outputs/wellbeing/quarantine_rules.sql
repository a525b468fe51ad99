-- The wellbeing report's data quality: quarantined rows by source and the rule they broke.
SELECT source, rule, count(*) AS rows_quarantined
FROM quality.quarantine
GROUP BY source, rule
ORDER BY source, rows_quarantined DESC, rule
