-- warehouse/questions.py has_review: whether the review columns exist (schema version 7 on):
-- question_sets.review_items and overrides.settles.
SELECT count(*) = 2
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND ((table_name = 'question_sets' AND column_name = 'review_items')
       OR (table_name = 'overrides' AND column_name = 'settles'))
