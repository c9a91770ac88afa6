-- `kamervragen review`: every set with review reasons today, the unsettled ones first (then the
-- longest overdue). $open_only: only the sets that still need review.
SELECT vraagnummer, chamber, status, days_overdue, needs_review, review_reasons,
       [x.reason FOR x IN review_items IF NOT x.settled] AS review_open_reasons,
       review_settled_by, review_settled_reason, review_settled_on, title, question_url
FROM questions
WHERE len(review_reasons) > 0
  AND (NOT $open_only OR needs_review)
ORDER BY needs_review DESC, days_overdue DESC NULLS LAST, submitted_on NULLS FIRST, vraagnummer, chamber
