-- The follow-up indicators the pilot proposes, in youth.yaml's order.
SELECT follow_up_id, name_fi, name_sv, name_en, why_fi, why_sv, why_en, source_fi, source_sv,
       source_en, indicator_code, in_mart
FROM mart.youth_pilot_follow_up
ORDER BY position;
