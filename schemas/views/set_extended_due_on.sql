-- The deadline rule: the end of the extension a delay notice gives, S + term + extension
-- (NULL without a notice or without a term).
CREATE OR REPLACE MACRO set_extended_due_on(submitted_on, has_term, delay_notice_on) AS
    CASE WHEN has_term AND delay_notice_on IS NOT NULL
         THEN submitted_on + term_days() + extension_days() END
;
