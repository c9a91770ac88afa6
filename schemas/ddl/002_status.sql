-- 002: status of every question set as of a date, and the `questions` view analysts query.
--
-- status_as_of(d) implements the status table of docs/domain.md. Only documents received on or
-- before d count: A, N and W are the set's first answer (or answered-elsewhere notice), first
-- delay notice and first withdrawal notice when dated on or before d (the first such date over
-- all documents is on or before d exactly when one dated on or before d exists).
-- S = submitted_on. Sets with S > d are not listed; sets without S are listed (`incomplete`)
-- when one of their documents is dated on or before d, or none carries a date.
-- The first matching row of the status table wins (the CASE below, in the same order).
CREATE MACRO status_as_of(d) AS TABLE
WITH params AS (
    SELECT CAST(d AS DATE) AS as_of, term_days() AS term, extension_days() AS extension
),
known AS (
    SELECT qs.chamber, qs.vraagnummer, qs.has_term, p.as_of,
           qs.submitted_on AS s,
           CASE WHEN qs.answered_on <= p.as_of THEN qs.answered_on END AS a,
           CASE WHEN qs.delay_notice_on <= p.as_of THEN qs.delay_notice_on END AS n,
           CASE WHEN qs.withdrawn_on <= p.as_of THEN qs.withdrawn_on END AS w,
           CASE WHEN qs.has_term THEN qs.submitted_on + p.term END AS due,
           p.term, p.extension
    FROM question_sets qs
    CROSS JOIN params p
    WHERE qs.submitted_on <= p.as_of
       OR (qs.submitted_on IS NULL AND coalesce(qs.first_document_on, p.as_of) <= p.as_of)
),
dues AS (
    SELECT *,
           CASE WHEN has_term AND n IS NOT NULL THEN s + term + extension END AS extended_due
    FROM known
),
classified AS (
    SELECT *,
           CASE WHEN n IS NOT NULL THEN extended_due ELSE due END AS effective_due,
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
       w AS withdrawn_on
FROM classified;

-- Every question set with its status today (Europe/Amsterdam). Date-dependent columns come from
-- status_as_of so the whole row describes the same day and the current term settings.
CREATE VIEW questions AS
SELECT qs.* REPLACE (
           s.answered_on AS answered_on,
           s.delay_notice_on AS delay_notice_on,
           s.notice_was_late AS notice_was_late,
           s.withdrawn_on AS withdrawn_on,
           s.due_on AS due_on,
           s.extended_due_on AS extended_due_on,
           s.effective_due_on AS effective_due_on,
           s.days_taken AS days_taken
       ),
       s.status,
       s.days_open,
       s.days_overdue
FROM question_sets qs
JOIN status_as_of(CAST(timezone('Europe/Amsterdam', now()) AS DATE)) s
  USING (chamber, vraagnummer);
