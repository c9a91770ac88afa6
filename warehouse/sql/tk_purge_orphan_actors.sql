-- warehouse/tk.py: drop actors parked for a case that never came (updated before $before, still no
-- case); returns how many.
DELETE FROM tk_case_actors a
WHERE NOT EXISTS (SELECT 1 FROM tk_cases c WHERE c.id = a.zaak_id)
  AND (a.bijgewerkt IS NULL OR a.bijgewerkt < $before)
RETURNING a.id;
