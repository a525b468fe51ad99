-- Small-number protection: once the primary cells are out and derive.sql has settled, drop the
-- groups with two or more unknown cells. Suppressing more only shrinks what is known, so such
-- a group can never give a cell away nor help to work one out.
DELETE FROM protect_member
WHERE group_id IN (
    SELECT m.group_id
    FROM protect_member m
    JOIN protect_cell c USING (cell_id)
    WHERE NOT c.known
    GROUP BY m.group_id
    HAVING count(*) >= 2
);
