SELECT count(*) FROM question_sets SEMI JOIN _rebuild_keys USING (chamber, vraagnummer);
