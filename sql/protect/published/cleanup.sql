-- Small-number protection: drop the temporary objects of an incremental decision.
DROP VIEW IF EXISTS protection_changed_facts;
DROP TABLE IF EXISTS protection_kept_decision;
DROP TABLE IF EXISTS protection_changed_block;
DROP TABLE IF EXISTS protection_block_now;
