-- publish/ (streaming build): the sets numbered $lo … $hi with their status as of the build's day
-- (site_set_rows.sql).
SELECT * FROM site_set_rows
WHERE vraagnummer BETWEEN $lo AND $hi
ORDER BY vraagnummer, chamber
