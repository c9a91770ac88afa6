-- Answer times as of day d, one row per set with a term (Tweede Kamer written questions) submitted by d:
--   days: from submitted_on to the first answer (or an answered-elsewhere notice) when answered;
--         else the days it was observed without one: to the withdrawal, or to d while open (censored);
--   answered: whether `days` ends in an answer (the event of the survival curve);
--   outcome: outcome_category, one of six categories that add up to 100 %: answered_on_time (≤ the term, 21 days),
--         answered_within_extension (after the term, within the extension a delay notice gave),
--         answered_late, withdrawn (never an answer: counted apart, censored at the withdrawal),
--         open_within_term (open, within the term or its extension) and open_overdue;
--   num_questions: the questions of the set (NULL when the question text was not read);
--   notice_was_late: its delay notice (received by d) came after the unextended due date (it still
--         extended the term: docs/domain.md);
--   needs_review: the verdict on d rests on something uncertain (status_as_of).
CREATE OR REPLACE MACRO answer_times_as_of(d) AS TABLE
SELECT s.chamber,
       s.vraagnummer,
       qs.submitted_on,
       qs.num_questions,
       outcome_category(s.status, qs.has_term) AS outcome,
       s.status LIKE 'answered%' AS answered,
       CASE WHEN s.status LIKE 'answered%' THEN s.days_taken
            WHEN s.status = 'withdrawn' THEN CAST(s.withdrawn_on - qs.submitted_on AS INTEGER)
            ELSE s.days_open END AS days,
       coalesce(s.notice_was_late, false) AS notice_was_late,
       s.needs_review
FROM status_as_of(d) s
JOIN question_sets qs USING (chamber, vraagnummer)
WHERE qs.has_term AND qs.submitted_on IS NOT NULL;
