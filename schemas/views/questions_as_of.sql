-- Every set's stored columns with its status as of day d (status_as_of): the dates, due dates,
-- days and review flag as of d, and the review items that bear on d. `questions` is this as of
-- today; the site reads it as of its own day.
CREATE OR REPLACE MACRO questions_as_of(d) AS TABLE
SELECT qs.* REPLACE (
           s.answered_on AS answered_on,
           s.delay_notice_on AS delay_notice_on,
           s.notice_was_late AS notice_was_late,
           s.withdrawn_on AS withdrawn_on,
           s.due_on AS due_on,
           s.extended_due_on AS extended_due_on,
           s.effective_due_on AS effective_due_on,
           s.days_taken AS days_taken,
           s.needs_review AS needs_review,
           s.review_reasons AS review_reasons,
           [x FOR x IN qs.review_items IF x.since IS NULL OR x.since <= s.as_of] AS review_items
       ),
       s.status,
       s.days_open,
       s.days_overdue
FROM question_sets qs
JOIN status_as_of(d) s
  USING (chamber, vraagnummer);
