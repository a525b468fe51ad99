-- Small-number protection, the result: the rows to hide, by key, with the reason
-- ('primary' or 'complementary'). Only published counts are hidden; rows the publisher hid
-- stay as they came. Rows are unique per indicator x area x period x group (the fact key).
CREATE OR REPLACE TEMP TABLE protect_decision AS
SELECT i.indicator_code, i.area_code, i.period, i.group_code, c.suppression
FROM protect_cell c
JOIN protect_input i ON i.protect_row_id = c.row_id
WHERE c.published AND c.suppression IS NOT NULL;
