-- Small-number protection, one round of working out counts from the ones known (run until it
-- finds nothing, after known.sql): in a group where exactly one count is unknown, that one is
-- the total minus the parts, or their sum. This is how a reader gets at a cell the publisher
-- hid, a cell the data lack, or one we hid; at the end no hidden cell may be known. Only the
-- groups of protect_dark's cells can hold an unknown one.
CREATE OR REPLACE TEMP TABLE protect_step AS
SELECT DISTINCT any_value(m.cell_key) AS cell_key
FROM protect_member m
JOIN protect_dark d USING (cell_key)
WHERE NOT d.known
GROUP BY m.group_id
HAVING count(*) = 1;

UPDATE protect_dark SET known = true
WHERE cell_key IN (SELECT cell_key FROM protect_step);
