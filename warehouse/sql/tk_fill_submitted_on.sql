-- The sets in _rebuild_keys that no publication dates (no question record, and no other document
-- giving the submitted date: typically before 2010) take the Tweede Kamer's gestartOp
-- (tk_submitted_on, set by tk_enrich_question_sets.sql), and with it their due dates and days taken
-- through the one deadline rule (008). submitted_source says where the date came from
-- ('publications', 'tk', NULL). Runs before the overrides (a date set by hand wins) and before the
-- review, which names the source in its reason (these sets have no question record, so they stay
-- flagged): _tk_dated lists them for it.
CREATE OR REPLACE TEMP TABLE _tk_dated AS
SELECT chamber, vraagnummer
FROM question_sets
SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
WHERE submitted_on IS NULL AND tk_submitted_on IS NOT NULL;

UPDATE question_sets
SET submitted_on = tk_submitted_on,
    due_on = set_due_on(tk_submitted_on, has_term),
    extended_due_on = set_extended_due_on(tk_submitted_on, has_term, delay_notice_on),
    effective_due_on = set_effective_due_on(tk_submitted_on, has_term, delay_notice_on),
    notice_was_late = delay_notice_on > set_due_on(tk_submitted_on, has_term),
    days_taken = answered_on - tk_submitted_on,
    working_days_taken = working_days_between(tk_submitted_on, answered_on)
WHERE (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _tk_dated);

UPDATE question_sets
SET submitted_source = CASE WHEN (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _tk_dated) THEN 'tk'
                            WHEN submitted_on IS NOT NULL THEN 'publications' END
WHERE (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _rebuild_keys);
