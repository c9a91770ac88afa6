-- publish/ (streaming build): every set's status as of $as_of, computed once per build (a temporary
-- table: the chunks of site_sets_range.sql would each evaluate the macro over every set).
CREATE OR REPLACE TEMP TABLE site_status AS SELECT * FROM status_as_of(CAST($as_of AS DATE))
