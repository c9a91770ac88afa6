-- One row per person (role member or minister, person_id) with a display name, party and every
-- name the sources spell them with (from person_names).
CREATE OR REPLACE VIEW people AS
SELECT role, person_id, any_value(display_name) AS display_name, any_value(person_party) AS party,
       list_sort(list_distinct(list(name))) AS names
FROM person_names
GROUP BY role, person_id;
