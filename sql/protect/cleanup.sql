-- Small-number protection: drop the temporary work tables once the result is written.
DROP VIEW IF EXISTS protect_output;
DROP TABLE IF EXISTS protect_step;
DROP TABLE IF EXISTS protect_member;
DROP TABLE IF EXISTS protect_cell;
DROP TABLE IF EXISTS protect_present;
DROP TABLE IF EXISTS protect_input;
DROP VIEW IF EXISTS protect_source;
