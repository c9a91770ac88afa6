-- publish/: every set's status as of $as_of, computed once per build into a temporary table (the
-- chunks of a streamed build would each evaluate the macro over every set; site_set_rows.sql reads it).
CREATE OR REPLACE TEMP TABLE site_status AS SELECT * FROM status_as_of(CAST($as_of AS DATE))
