-- Small-number protection, one round of working out counts from the ones known (run until it
-- finds nothing, after known.sql): in a group where exactly one count is unknown, that one is
-- the total minus the parts, or their sum. This is how a reader gets at a cell the publisher
-- hid, a cell the data lacks, or one we suppressed; at the end no suppressed cell may be known.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH unknown AS (
    SELECT m.group_id, m.cell_id
    FROM protect_member m
    JOIN protect_cell c USING (cell_id)
    WHERE NOT c.known
)
SELECT DISTINCT cell_id
FROM unknown
QUALIFY count(*) OVER (PARTITION BY group_id) = 1;

UPDATE protect_cell SET known = true
WHERE cell_id IN (SELECT cell_id FROM protect_step);
