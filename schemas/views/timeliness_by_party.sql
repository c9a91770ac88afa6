-- Timeliness per party of the submitters and year of submission: timeliness_by_group's columns.
CREATE OR REPLACE VIEW timeliness_by_party AS
SELECT value AS party, year, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'party'
ORDER BY year, party;
