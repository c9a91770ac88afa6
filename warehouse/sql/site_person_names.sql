-- publish/: every written name of a member or minister with the person it is (person_names, 010),
-- so a set page links "Van Weyenberg (D66)" to that person's page.
SELECT role, name, party, person_id FROM person_names ORDER BY role, name, party
