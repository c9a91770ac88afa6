-- publish/ (the static site, every set in memory): every set with its status as of the build's day
-- (site_set_rows.sql), newest first.
SELECT * FROM site_set_rows
ORDER BY submitted_on DESC NULLS LAST, vraagnummer
