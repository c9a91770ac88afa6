-- warehouse/questions.py has_submitted_source: whether question_sets.submitted_source exists (011 on).
SELECT count(*) = 1
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name = 'question_sets' AND column_name = 'submitted_source'
