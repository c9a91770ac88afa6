-- Drop the TK rows of the ids in _tk_ids (tombstones, entities no longer kept, and rows about to be
-- replaced); ids are GUIDs, unique across categories.
DELETE FROM tk_cases WHERE id IN (SELECT id FROM _tk_ids);
DELETE FROM tk_case_actors WHERE id IN (SELECT id FROM _tk_ids);
DELETE FROM tk_documents WHERE id IN (SELECT id FROM _tk_ids);
