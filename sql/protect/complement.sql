-- Small-number protection, one round of complementary suppression (pipelines/protect/
-- suppression.py runs known.sql and derive.sql, then this, until it picks nothing). A cell is
-- hidden if it is suppressed or not known. A group with exactly one hidden cell gives it away
-- (female = total - male; a municipality = county - the others): hide one more of its cells.
-- Which one: a published part before the total (the total stays where it can); a part that
-- is 0 only where no other is left (a hidden 0 beside a hidden 3 leaves "the other one is 0"
-- as a guess that is nearly always right); the smallest (least information lost); ties by
-- area and group code. Where no published cell is left, a cell that is not published but
-- can be worked out is marked, so that the next round hides what it is worked out from.
-- All groups of a round pick at once; a picked cell may expose another group, which the next
-- round handles. Greedy: it ends with no suppressed cell that can be worked out group by
-- group, but is not guaranteed to hide the fewest cells.
-- Only groups holding a hidden cell can be exposed, and those are protect_member's.
CREATE OR REPLACE TEMP TABLE protect_want_group AS
SELECT m.group_id
FROM protect_member m
JOIN protect_dark d USING (cell_key)
WHERE d.suppression IS NOT NULL OR NOT d.known
GROUP BY m.group_id
HAVING count(*) = 1 AND count(*) FILTER (WHERE d.suppression IS NOT NULL) = 1;
