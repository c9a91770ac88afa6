-- publish/ (streaming build): what the lists, feeds, calendars and the home page show of every set
-- as of $as_of (the full row of each set is read with its texts: site_sets_range.sql).
SELECT q.chamber, q.vraagnummer, q.title, q.submitted_on, q.ministries, q.parties, q.topics, q.question_url,
       s.status, s.days_overdue, s.due_on, s.extended_due_on, s.effective_due_on, s.days_taken,
       s.answered_on, s.delay_notice_on, s.withdrawn_on, s.needs_review, s.review_open_reasons
FROM question_sets q
JOIN status_as_of(CAST($as_of AS DATE)) s USING (chamber, vraagnummer)
ORDER BY q.submitted_on DESC NULLS LAST, q.vraagnummer
