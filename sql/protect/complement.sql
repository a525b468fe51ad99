-- Small-number protection, one round of complementary suppression (pipelines/protect/suppression.py
-- runs known.sql and derive.sql, then this, until it picks nothing). A cell is hidden if it
-- is suppressed or not known. A group with exactly one hidden cell gives it away (female =
-- total - male; a municipality = county - the others): hide one more of its cells. Which one: a published
-- part before the total (the total stays where it can); a part that is 0 only where no other
-- is left (a hidden 0 beside a hidden 3 leaves "the other one is 0" as a guess that is nearly
-- always right); the smallest (least information lost); ties by code. Where no published cell
-- is left, a cell that is not published but can be worked out is marked, so that the next
-- round hides what it is worked out from.
-- All groups of a round pick at once; a picked cell may expose another group, which the next
-- round handles. Greedy: it ends with no suppressed cell that can be worked out group by
-- group, but is not guaranteed to hide the fewest cells.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH hidden_cell AS (
    SELECT cell_id FROM protect_cell WHERE suppression IS NOT NULL OR NOT known
),
-- Only a group holding a hidden cell can be exposed: a few per cent of the groups.
touched AS (
    SELECT DISTINCT m.group_id FROM protect_member m SEMI JOIN hidden_cell USING (cell_id)
),
state AS (
    SELECT m.group_id, m.cell_id, m.is_head, c.published, c.count_value, c.area_code,
           c.group_code, c.suppression IS NOT NULL AS suppressed,
           c.suppression IS NOT NULL OR NOT c.known AS hidden
    FROM protect_member m
    SEMI JOIN touched USING (group_id)
    JOIN protect_cell c USING (cell_id)
),
exposed AS (
    SELECT group_id
    FROM state
    GROUP BY group_id
    HAVING count(*) FILTER (WHERE hidden) = 1
       -- and that one is ours (derive.sql leaves no lone unknown cell of anyone else's)
       AND count(*) FILTER (WHERE suppressed) = 1
),
pick AS (
    SELECT s.cell_id
    FROM state s
    SEMI JOIN exposed e USING (group_id)
    WHERE NOT s.hidden
    QUALIFY row_number() OVER (
        PARTITION BY s.group_id
        ORDER BY NOT s.published, s.is_head, s.count_value = 0, s.count_value,
                 s.area_code, s.group_code, s.cell_id
    ) = 1
)
SELECT DISTINCT cell_id FROM pick;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
