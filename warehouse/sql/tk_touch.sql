-- Remember the vraagnummers that the TK rows of the ids in _tk_ids belong to (run before the delete
-- and after the insert, so both the old and the new case of a row are re-derived).
INSERT OR IGNORE INTO tk_touched
SELECT DISTINCT c.nummer
FROM tk_cases c
WHERE c.nummer IS NOT NULL
  AND (c.id IN (SELECT id FROM _tk_ids)
       OR c.id IN (SELECT zaak_id FROM tk_case_actors WHERE id IN (SELECT id FROM _tk_ids))
       OR c.id IN (SELECT unnest(zaak_ids) FROM tk_documents WHERE id IN (SELECT id FROM _tk_ids)));
