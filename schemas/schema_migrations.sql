-- Statements of the migration runner (schemas/migrations.py), one per `-- name:` section.

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
