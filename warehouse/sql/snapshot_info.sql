-- warehouse/snapshot.py: inside the snapshot being written, when and from what it was published
-- (plus the schema version and size, so a reader can tell how fresh and complete it is).
CREATE TABLE snapshot_info AS
SELECT CAST($published_at AS TIMESTAMPTZ) AS published_at,
       CAST($source_db AS VARCHAR) AS source_db,
       CAST($writer AS VARCHAR) AS written_by,
       CAST($storage_version AS VARCHAR) AS storage_version,
       (SELECT max(version) FROM schema_migrations) AS schema_version,
       (SELECT count(*) FROM question_sets) AS question_sets,
       (SELECT count(*) FROM documents) AS documents,
       (SELECT max(finished) FILTER (WHERE outcome = 'success') FROM ingest_runs) AS last_ingest
