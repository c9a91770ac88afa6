-- The schema version of a database (the highest applied migration).
SELECT max(version) FROM schema_migrations
