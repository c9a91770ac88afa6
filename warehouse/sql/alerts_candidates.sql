-- Question-set alert candidates for one channel as of $as_of (warehouse/alerts.py).
--   overdue                  status overdue, no delay notice; crossed the day after due_on
--   overdue_after_extension  status overdue after a delay notice; crossed the day after extended_due_on
--   due_soon                 open with effective_due_on within $due_soon_days; crossed $due_soon_days before it
--   watched_answered         a watch-list set that has its answer; crossed on answered_on
-- A candidate is returned unless the channel already got it delivered. No flood: only when it
-- crossed within the last $window_days days, unless $backlog, or unless an earlier attempt for
-- this channel is still pending/failed (then it is retried while its condition still holds).
-- needs_review / review_open_reasons: the set's verdict rests on something uncertain (the digest
-- line says what to check before citing it).
-- Channel filters: $kinds (enabled kinds), $ministries / $parties (lower case; any match; NULL = all).
WITH s AS (
    SELECT q.chamber, q.vraagnummer, q.title, q.submitters, q.parties, q.ministries,
           q.submitted_on, q.question_url, q.answer_url,
           st.status, st.due_on, st.extended_due_on, st.effective_due_on, st.days_overdue,
           st.delay_notice_on, st.answered_on, st.days_taken, st.needs_review, st.review_open_reasons
    FROM question_sets q
    JOIN status_as_of(CAST($as_of AS DATE)) st USING (chamber, vraagnummer)
),
candidates AS (
    SELECT *, 'overdue' AS kind, due_on + 1 AS crossed_on
    FROM s
    WHERE status = 'overdue' AND delay_notice_on IS NULL
    UNION ALL BY NAME
    SELECT *, 'overdue_after_extension' AS kind, extended_due_on + 1 AS crossed_on
    FROM s
    WHERE status = 'overdue' AND delay_notice_on IS NOT NULL
    UNION ALL BY NAME
    SELECT *, 'due_soon' AS kind, CAST(effective_due_on - $due_soon_days AS DATE) AS crossed_on
    FROM s
    WHERE $due_soon_days IS NOT NULL
      AND status IN ('open', 'open_extended')
      AND effective_due_on IS NOT NULL
      AND effective_due_on - CAST($as_of AS DATE) BETWEEN 0 AND $due_soon_days
    UNION ALL BY NAME
    SELECT *, 'watched_answered' AS kind, answered_on AS crossed_on
    FROM s
    WHERE answered_on IS NOT NULL
      AND status LIKE 'answered%'
      AND vraagnummer IN (SELECT vraagnummer FROM watchlist)
)
SELECT c.kind, c.chamber, c.vraagnummer, c.crossed_on, c.title, c.submitters, c.ministries,
       c.parties, c.status, c.submitted_on, c.due_on, c.extended_due_on, c.effective_due_on,
       c.days_overdue, c.delay_notice_on, c.answered_on, c.days_taken,
       CAST(CAST($as_of AS DATE) - c.effective_due_on AS INTEGER) AS days_past_due,
       CAST(c.effective_due_on - CAST($as_of AS DATE) AS INTEGER) AS days_left,
       c.question_url, c.answer_url, c.needs_review, c.review_open_reasons,
       a.status AS previous_status, coalesce(a.attempts, 0) AS attempts
FROM candidates c
LEFT JOIN alerts a
  ON a.chamber = c.chamber AND a.vraagnummer = c.vraagnummer AND a.kind = c.kind
 AND a.channel = $channel
WHERE (a.status IS NULL OR a.status <> 'delivered')
  AND list_contains($kinds, c.kind)
  AND ($ministries IS NULL
       OR list_has_any(list_transform(coalesce(c.ministries, []), lambda x: lower(x)), $ministries))
  AND ($parties IS NULL
       OR list_has_any(list_transform(coalesce(c.parties, []), lambda x: lower(x)), $parties))
  AND ($backlog
       OR c.crossed_on > CAST($as_of AS DATE) - CAST($window_days AS INTEGER)
       OR a.status IS NOT NULL)
ORDER BY CASE c.kind WHEN 'overdue_after_extension' THEN 1 WHEN 'overdue' THEN 2
                     WHEN 'due_soon' THEN 3 ELSE 4 END,
         c.days_overdue DESC NULLS LAST, c.crossed_on, c.vraagnummer;
