-- publish/ feeds: what happened to each set up to $as_of: 'overdue' (the day after its effective
-- due date, when no answer or withdrawal came by then), 'answered', 'delay_notice'.
WITH s AS (SELECT * FROM status_as_of(CAST($as_of AS DATE)))
SELECT chamber, vraagnummer, 'overdue' AS kind, effective_due_on + 1 AS event_on FROM s
WHERE effective_due_on IS NOT NULL AND effective_due_on + 1 <= CAST($as_of AS DATE)
  AND (answered_on IS NULL OR answered_on > effective_due_on)
  AND (withdrawn_on IS NULL OR withdrawn_on > effective_due_on)
UNION ALL
SELECT chamber, vraagnummer, 'answered', answered_on FROM s WHERE answered_on IS NOT NULL
UNION ALL
SELECT chamber, vraagnummer, 'delay_notice', delay_notice_on FROM s WHERE delay_notice_on IS NOT NULL
ORDER BY event_on DESC, vraagnummer, kind
