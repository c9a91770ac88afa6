-- MCP `overdue`: the sets overdue on $as_of (status_as_of; the rows of `kamervragen status
-- --status overdue`, in its order), optionally of one ministry and one party, with the due dates,
-- who asked, the official URLs of the documents received by then and the review flag; `total`: the
-- number of such sets before $limit.
SELECT q.vraagnummer, q.chamber, q.title, q.submitted_on, s.due_on, s.delay_notice_on, s.extended_due_on,
       s.effective_due_on,
       CASE WHEN s.delay_notice_on IS NULL THEN 'no_notice' ELSE 'after_extension' END AS overdue_kind,
       s.days_open, s.days_overdue, q.ministries, q.parties, q.submitters, q.question_url,
       CASE WHEN s.delay_notice_on IS NOT NULL THEN q.delay_notice_url END AS delay_notice_url,
       q.tk_case_id, s.needs_review, s.review_reasons, s.review_open_reasons,
       count(*) OVER () AS total
FROM question_sets q
JOIN status_as_of(CAST($as_of AS DATE)) s USING (chamber, vraagnummer)
WHERE s.status = 'overdue'
  AND ($ministry IS NULL OR list_contains(q.ministries, $ministry))
  AND ($party IS NULL OR list_contains(q.parties, $party))
ORDER BY s.days_overdue DESC NULLS LAST, q.submitted_on, q.vraagnummer
LIMIT $limit
