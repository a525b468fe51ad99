-- Small-number protection: drop the temporary work tables once the result is written.
DROP TABLE IF EXISTS protect_result;
DROP TABLE IF EXISTS protect_decision;
DROP TABLE IF EXISTS protect_step;
DROP TABLE IF EXISTS protect_determined;
DROP TABLE IF EXISTS protect_audit_member;
DROP TABLE IF EXISTS protect_member;
DROP TABLE IF EXISTS protect_cell;
DROP TABLE IF EXISTS protect_present;
DROP TABLE IF EXISTS protect_input;
DROP TABLE IF EXISTS protect_municipality;
DROP TABLE IF EXISTS protect_area;
DROP VIEW IF EXISTS protect_source;
DROP TABLE IF EXISTS protect_block;
DROP VIEW IF EXISTS protect_all;
DROP VIEW IF EXISTS protect_derived_input;
