-- Timeliness per minister who answered or sent the delay notice (over all years), with the name.
CREATE OR REPLACE VIEW timeliness_by_minister AS
SELECT g.value AS minister_id, p.display_name AS minister,
       g.* EXCLUDE (dimension, value, year)
FROM timeliness_by_group g
LEFT JOIN people p ON p.role = 'minister' AND p.person_id = g.value
WHERE g.dimension = 'minister'
ORDER BY minister_id;
