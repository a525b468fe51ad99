-- Small-number protection: the cells a reader of the result does not see (pipelines/protect/
-- suppression.py), the decision's state. Sparse: only cells that are hidden (suppression:
-- primary, then complementary) or that the publisher or the data leave without a count
-- (shown false: missing, confidential, a rate without its count, a cell the data lack);
-- every other cell of the layout is published and known. known: worked out by a reader
-- all the same (derive.sql). protect_member holds the groups (layout/groups.sql) of these
-- cells only: a group's other cells are published and known.
CREATE OR REPLACE TEMP TABLE protect_dark AS
SELECT cell_key, count_value, shown, target,
       CASE WHEN hidden THEN 'primary' END AS suppression, false AS known
FROM protect_cell
WHERE hidden OR NOT shown;

CREATE OR REPLACE TEMP TABLE protect_seed AS SELECT cell_key FROM protect_dark;

CREATE OR REPLACE TEMP TABLE protect_member (group_id BIGINT, cell_key BIGINT, coef INTEGER);
