-- Timeliness per member who submitted (over all years), with the member's name and party.
CREATE OR REPLACE VIEW timeliness_by_member AS
SELECT g.value AS member_id, p.display_name AS member, p.party,
       g.* EXCLUDE (dimension, value, year)
FROM timeliness_by_group g
LEFT JOIN people p ON p.role = 'member' AND p.person_id = g.value
WHERE g.dimension = 'member'
ORDER BY member_id;
