-- `kamervragen status`: every set as of $as_of, optionally filtered by statuses and a ministry.
-- needs_review / review_reasons / review_open_reasons as of $as_of (see status_as_of); the
-- settlement (who, why) is the one in force now. `outcome`: the status's outcome category (one of the
-- six that `stats` and the timeliness views count; NULL without a term or submission date).
SELECT q.vraagnummer, q.chamber, q.title, q.submitted_on, s.delay_notice_on, s.answered_on,
       s.due_on, s.extended_due_on, s.days_taken, s.days_open, s.days_overdue, s.status,
       q.ministries, q.parties, q.question_url, q.answer_url,
       s.needs_review, s.review_reasons, s.review_open_reasons,
       q.review_settled_by, q.review_settled_reason,
       outcome_category(s.status, q.has_term) AS outcome
FROM question_sets q
JOIN status_as_of(CAST($as_of AS DATE)) s USING (chamber, vraagnummer)
WHERE ($statuses IS NULL OR list_contains($statuses, s.status))
  AND ($ministry IS NULL OR list_contains(q.ministries, $ministry))
ORDER BY s.days_overdue DESC NULLS LAST, q.submitted_on, q.vraagnummer
