-- warehouse/questions.py has_deadline_rule: whether the deadline-rule macros of
-- schemas/ddl/008_one_deadline_rule.sql exist (schema version 8 on).
SELECT count(DISTINCT function_name) = 4
FROM duckdb_functions()
WHERE database_name = current_database() AND schema_name = 'main'
  AND function_name IN ('set_has_term', 'set_due_on', 'set_extended_due_on', 'set_effective_due_on')
