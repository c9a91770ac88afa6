-- warehouse/export.py: every table and view of the open database's main schema (no temporary
-- or internal objects), by name.
SELECT table_name AS name, 'table' AS kind
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
UNION ALL
SELECT view_name, 'view'
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND NOT internal
ORDER BY name
