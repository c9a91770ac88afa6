-- The status model: every set's status as of day d (the sets submitted by d; the documents dated
-- after d do not count). Statuses: incomplete, withdrawn, answered (no term), answered_on_time,
-- answered_within_extension, answered_late, open, open_extended, overdue. As of d, `n` is the delay
-- notice dated on or before d; the due dates come from the deadline-rule macros (set_due_on, …).
-- needs_review / review_reasons / review_open_reasons: the review reasons that bear on the verdict
-- on d (those about documents dated on or before d, and the undated ones; open = not settled).
CREATE OR REPLACE MACRO status_as_of(d) AS TABLE
WITH params AS (
    SELECT CAST(d AS DATE) AS as_of
),
known AS (
    SELECT qs.chamber, qs.vraagnummer, qs.has_term, p.as_of,
           qs.submitted_on AS s,
           CASE WHEN qs.answered_on <= p.as_of THEN qs.answered_on END AS a,
           CASE WHEN qs.delay_notice_on <= p.as_of THEN qs.delay_notice_on END AS n,
           CASE WHEN qs.withdrawn_on <= p.as_of THEN qs.withdrawn_on END AS w,
           [x FOR x IN coalesce(qs.review_items, []) IF x.since IS NULL OR x.since <= p.as_of] AS review
    FROM question_sets qs
    CROSS JOIN params p
    WHERE qs.submitted_on <= p.as_of
       OR (qs.submitted_on IS NULL AND coalesce(qs.first_document_on, p.as_of) <= p.as_of)
),
dues AS (
    SELECT *,
           set_due_on(s, has_term) AS due,
           set_extended_due_on(s, has_term, n) AS extended_due,
           set_effective_due_on(s, has_term, n) AS effective_due
    FROM known
),
classified AS (
    SELECT *,
           CASE
               WHEN s IS NULL THEN 'incomplete'
               WHEN w IS NOT NULL AND (a IS NULL OR w < a) THEN 'withdrawn'
               WHEN a IS NOT NULL AND NOT has_term THEN 'answered'
               WHEN a <= due THEN 'answered_on_time'
               WHEN n IS NOT NULL AND n <= a AND a <= extended_due THEN 'answered_within_extension'
               WHEN a IS NOT NULL THEN 'answered_late'
               WHEN NOT has_term OR as_of <= due THEN 'open'
               WHEN n IS NOT NULL AND as_of <= extended_due THEN 'open_extended'
               ELSE 'overdue'
           END AS status
    FROM dues
)
SELECT chamber,
       vraagnummer,
       as_of,
       status,
       CASE WHEN a IS NULL AND w IS NULL THEN CAST(as_of - s AS INTEGER) END AS days_open,
       CASE WHEN effective_due IS NOT NULL THEN
           CAST(greatest(0, CASE WHEN status = 'withdrawn' THEN w
                                 WHEN a IS NOT NULL THEN a
                                 ELSE as_of END - effective_due) AS INTEGER)
       END AS days_overdue,
       due AS due_on,
       extended_due AS extended_due_on,
       effective_due AS effective_due_on,
       CAST(a - s AS INTEGER) AS days_taken,
       n > due AS notice_was_late,
       a AS answered_on,
       n AS delay_notice_on,
       w AS withdrawn_on,
       len([x FOR x IN review IF NOT x.settled]) > 0 AS needs_review,
       [x.reason FOR x IN review] AS review_reasons,
       [x.reason FOR x IN review IF NOT x.settled] AS review_open_reasons
FROM classified;
