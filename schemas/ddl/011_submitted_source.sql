-- 011: where a set's submitted date comes from. 'publications' (the question record, or another
-- document of the set), 'tk' (no publication dates it: gestartOp of the Tweede Kamer's case fills it,
-- and with it the due dates and days taken; warehouse/sql/tk_enrich_question_sets.sql), NULL when
-- neither knows. Sets without a question record stay flagged for review whatever the source.
ALTER TABLE question_sets ADD COLUMN submitted_source VARCHAR;
