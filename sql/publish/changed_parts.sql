-- Parts of the large tables that differ between the file as last published ($target's
-- digests in publishing.part_digest) and now (publishing_digest_now): new, removed or changed,
-- with the rows a copy of the file deletes and inserts for them.
SELECT coalesce(now.table_name, old.table_name) AS table_name,
       coalesce(now.part, old.part) AS part,
       coalesce(old.part_rows, 0) AS deleted_rows,
       coalesce(now.part_rows, 0) AS inserted_rows
FROM publishing_digest_now now
FULL JOIN (SELECT * FROM publishing.part_digest WHERE target = $target) old
       ON old.table_name = now.table_name AND old.part IS NOT DISTINCT FROM now.part
WHERE now.part_rows IS DISTINCT FROM old.part_rows OR now.digest IS DISTINCT FROM old.digest
ORDER BY ALL;
