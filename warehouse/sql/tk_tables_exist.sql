-- warehouse/tk.py has_tk: whether the TK tables and set columns exist (migration 009 on).
SELECT count(*) = 2
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
  AND ((table_name = 'question_sets' AND column_name = 'tk_parties')
       OR (table_name = 'source_disagreements' AND column_name = 'verdict_changing'))
