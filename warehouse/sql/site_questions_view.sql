-- warehouse/site_read.py: the stored definition of the `questions` view (status as of today), which
-- the site re-states as a temporary view as of its own day so the timeliness tables count as of it.
SELECT sql FROM duckdb_views() WHERE schema_name = 'main' AND view_name = 'questions' AND NOT temporary
