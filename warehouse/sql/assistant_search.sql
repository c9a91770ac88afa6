-- MCP `search_questions`: the sets whose title or question texts contain every word of $words
-- (lower case; case ignored), with their status as of $as_of (questions_as_of), filtered by status,
-- ministry, party and the window of submission [$since, $until]; newest first, $limit rows, each
-- with `total`, the number of matching sets before the limit.
WITH texts AS (
    SELECT chamber, vraagnummer, string_agg(question, ' ') AS questions
    FROM question_items
    GROUP BY chamber, vraagnummer
)
SELECT q.vraagnummer, q.chamber, q.title, q.submitted_on, q.status, q.delay_notice_on, q.answered_on,
       q.effective_due_on, q.days_taken, q.days_open, q.days_overdue, q.ministries, q.parties,
       q.question_url,
       CASE WHEN q.answered_on IS NOT NULL THEN q.answer_url END AS answer_url,
       CASE WHEN q.delay_notice_on IS NOT NULL THEN q.delay_notice_url END AS delay_notice_url,
       q.needs_review,
       [x.reason FOR x IN q.review_items IF NOT x.settled] AS review_open_reasons,
       count(*) OVER () AS total
FROM questions_as_of(CAST($as_of AS DATE)) q
LEFT JOIN texts t USING (chamber, vraagnummer)
WHERE len([w FOR w IN $words IF contains(lower(coalesce(q.title, '') || ' ' || coalesce(t.questions, '')), w)])
      = len($words)
  AND ($status IS NULL OR q.status = $status)
  AND ($ministry IS NULL OR list_contains(q.ministries, $ministry))
  AND ($party IS NULL OR list_contains(q.parties, $party))
  AND ($since IS NULL OR q.submitted_on >= CAST($since AS DATE))
  AND ($until IS NULL OR q.submitted_on <= CAST($until AS DATE))
ORDER BY q.submitted_on DESC NULLS LAST, q.vraagnummer
LIMIT $limit
