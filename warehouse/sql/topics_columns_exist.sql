-- warehouse/questions.py has_topics: whether documents.topics, question_sets.topics and the
-- person_names table exist (schema version 10 on).
SELECT count(*) = 3
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND ((table_name IN ('documents', 'question_sets') AND column_name = 'topics')
       OR (table_name = 'person_names' AND column_name = 'person_id'))
