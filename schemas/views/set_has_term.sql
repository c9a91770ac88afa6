-- The deadline rule, part 1 (with set_due_on, set_extended_due_on, set_effective_due_on: the one
-- definition; status_as_of, warehouse/sql/rebuild_question_sets.sql and apply_overrides.sql call them).
-- A set has a term when it is a written question of the Tweede Kamer (oral questions and the
-- Eerste Kamer's have none).
CREATE OR REPLACE MACRO set_has_term(chamber, question_type) AS
    chamber = 'tk' AND question_type = 'written'
;
