-- Small-number protection: what a reader of the result knows to begin with: every published
-- count that is not hidden, i.e. every cell but those of protect_dark. derive.sql then works
-- out what it can of those.
UPDATE protect_dark SET known = false WHERE known;
