-- The outcome category of a set with a term, from its status (status_as_of, questions): one of six
-- that add up to 100 %: answered_on_time, answered_within_extension, answered_late, withdrawn,
-- open_within_term (open, within the term or the extension a delay notice gave: statuses open and
-- open_extended) and open_overdue (status overdue). NULL for a set without a term (Eerste Kamer, oral)
-- and for an incomplete one (no submission date): they are in none of the six.
CREATE OR REPLACE MACRO outcome_category(status, has_term) AS
CASE WHEN NOT coalesce(has_term, false) THEN NULL
     WHEN status IN ('answered_on_time', 'answered_within_extension', 'answered_late', 'withdrawn') THEN status
     WHEN status = 'overdue' THEN 'open_overdue'
     WHEN status IN ('open', 'open_extended') THEN 'open_within_term'
END;
