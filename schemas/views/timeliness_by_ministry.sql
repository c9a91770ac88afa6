-- Timeliness per ministry (abbreviation) and year of submission: timeliness_by_group's columns.
CREATE OR REPLACE VIEW timeliness_by_ministry AS
SELECT value AS ministry, year, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'ministry'
ORDER BY year, ministry;
