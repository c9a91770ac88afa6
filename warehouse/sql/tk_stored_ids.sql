-- Which ids of _tk_ids are stored already (the history never overwrites what the head has read).
SELECT id FROM tk_cases WHERE id IN (SELECT id FROM _tk_ids)
UNION ALL SELECT id FROM tk_case_actors WHERE id IN (SELECT id FROM _tk_ids)
UNION ALL SELECT id FROM tk_documents WHERE id IN (SELECT id FROM _tk_ids);
