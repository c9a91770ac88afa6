-- Statements of the migration runner (schemas/migrations.py) and the repeatable step (schemas/repeatable.py), one per `-- name:` section.

-- name: create
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);

-- name: applied
SELECT version FROM schema_migrations ORDER BY version;

-- name: record
INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, now());

-- name: objects_create
CREATE TABLE IF NOT EXISTS schema_objects (
    name       VARCHAR PRIMARY KEY,
    kind       VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
);

-- name: objects_stored
SELECT name, sha256 FROM schema_objects;

-- name: objects_kinds
SELECT name, kind FROM schema_objects;

-- name: objects_clear
DELETE FROM schema_objects;

-- name: objects_record
INSERT INTO schema_objects (name, kind, sha256, applied_at) VALUES (?, ?, ?, now());

-- name: objects_present
SELECT count(*) FROM (
    SELECT view_name AS name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal
    UNION
    SELECT function_name FROM duckdb_functions() WHERE schema_name = 'main' AND NOT internal
      AND function_type IN ('macro', 'table_macro')
) WHERE list_contains($names, name);
