-- Small-number protection, the result: the rows to hide, by key, with the reason
-- ('primary' or 'complementary'). Only published counts are hidden; rows the publisher hid
-- stay as they came. Rows are unique per indicator x area x period x group (the fact key).
CREATE OR REPLACE TEMP TABLE protect_decision AS
SELECT b.indicator_code, i.area_code, b.period, i.group_code, c.suppression
FROM protect_cell c
JOIN protect_input i ON i.rowid = c.row_id
JOIN protect_block b ON b.block_id = i.block_id
WHERE c.published AND c.suppression IS NOT NULL;
