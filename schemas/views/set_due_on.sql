-- The deadline rule: the term's end, S + term_days() (NULL without a term or without S).
CREATE OR REPLACE MACRO set_due_on(submitted_on, has_term) AS
    CASE WHEN has_term THEN submitted_on + term_days() END
;
