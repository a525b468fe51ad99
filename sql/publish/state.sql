-- What the last publication wrote into each file (published, restricted), kept in the work
-- database so that the next one can start from a copy of that file and rewrite only the parts
-- of its large tables that changed (pipelines/publish/incremental.py).
CREATE SCHEMA IF NOT EXISTS publishing;

-- One row per file: which file it was (inode, size, modification time: a file put back from
-- history or by hand is another one), what its tables and views are made of (the layout), how
-- many rows its large tables hold, and how many of their rows were deleted in copies since it
-- was last written whole (they leave space behind: past half the rows it is written whole).
CREATE TABLE IF NOT EXISTS publishing.file_state (
    target VARCHAR, identity VARCHAR, layout VARCHAR, patched_table_rows BIGINT,
    deleted_rows BIGINT
);

-- Per file, large table and part (an indicator's facts, a source file's quarantined rows):
-- the rows and a digest (the sum of the rows' hashes) as published.
CREATE TABLE IF NOT EXISTS publishing.part_digest (
    target VARCHAR, table_name VARCHAR, part VARCHAR, part_rows BIGINT, digest VARCHAR
);
