-- Small-number protection: what a reader of the result knows to begin with: the published
-- counts that are not suppressed. derive.sql then adds what can be worked out from them.
UPDATE protect_cell SET known = published AND suppression IS NULL;
