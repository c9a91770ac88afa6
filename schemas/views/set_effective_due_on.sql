-- The deadline rule: the due date in force, the extended one once a delay notice came, else the
-- term's end.
CREATE OR REPLACE MACRO set_effective_due_on(submitted_on, has_term, delay_notice_on) AS
    CASE WHEN delay_notice_on IS NOT NULL
         THEN set_extended_due_on(submitted_on, has_term, delay_notice_on)
         ELSE set_due_on(submitted_on, has_term) END
;
