-- 007: doubt is visible, never silent. A set whose verdict rests on something uncertain (an
-- unclassified notice, sources that disagree on a date or a kind, no question record, an answer
-- dated before the question, a notice or answer whose text could not be read) is flagged for
-- review wherever its status is shown. Derived with the set by
-- warehouse/sql/review_question_sets.sql (after the overrides); reason texts are listed there.
--
-- review_items: each reason with the date from which it bears on the verdict (`since`: the date
--   of the document it is about; NULL = always) and whether a settlement covers it.
-- review_reasons: every reason (settled ones included), ordered by date.
-- needs_review: some reason is not covered by a settlement.
-- review_settled_by / _reason / _on: the settlement in force (an override of field
--   `needs_review`, value `settled`) when it covers at least one present reason.
ALTER TABLE question_sets ADD COLUMN needs_review BOOLEAN DEFAULT false;
ALTER TABLE question_sets ADD COLUMN review_reasons VARCHAR[] DEFAULT [];
ALTER TABLE question_sets ADD COLUMN review_items STRUCT(reason VARCHAR, since DATE, settled BOOLEAN)[] DEFAULT [];
ALTER TABLE question_sets ADD COLUMN review_settled_by VARCHAR;
ALTER TABLE question_sets ADD COLUMN review_settled_reason VARCHAR;
ALTER TABLE question_sets ADD COLUMN review_settled_on TIMESTAMPTZ;

-- A settlement (override field `needs_review`) covers the review reasons the set had when it was
-- added, listed here; a reason that appears later re-opens the flag. NULL for other fields.
ALTER TABLE overrides ADD COLUMN settles VARCHAR[];

-- status_as_of(d) as in 002, plus, as of d: needs_review, review_reasons (the reasons that bear on
-- the verdict on d: those about documents dated on or before d, and the undated ones) and
-- review_open_reasons (those not covered by a settlement).
CREATE OR REPLACE MACRO status_as_of(d) AS TABLE
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
           [x FOR x IN coalesce(qs.review_items, []) IF x.since IS NULL OR x.since <= p.as_of] AS review,
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
       w AS withdrawn_on,
       len([x FOR x IN review IF NOT x.settled]) > 0 AS needs_review,
       [x.reason FOR x IN review] AS review_reasons,
       [x.reason FOR x IN review IF NOT x.settled] AS review_open_reasons
FROM classified;

-- `questions` as in 002, with needs_review, review_reasons and review_items as of today (the
-- unsettled reasons: [x.reason FOR x IN review_items IF NOT x.settled]).
CREATE OR REPLACE VIEW questions AS
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
JOIN status_as_of(CAST(timezone('Europe/Amsterdam', now()) AS DATE)) s
  USING (chamber, vraagnummer);

-- The views of 004 that show a status per row, with the review flag added at the end.
CREATE OR REPLACE VIEW overdue_now AS
SELECT chamber,
       vraagnummer,
       title,
       submitted_on,
       due_on,
       delay_notice_on,
       extended_due_on,
       effective_due_on,
       CASE WHEN delay_notice_on IS NULL THEN 'no_notice' ELSE 'after_extension' END AS overdue_kind,
       days_overdue,
       days_open,
       ministries,
       parties,
       [p.name || coalesce(' (' || p.party || ')', '') FOR p IN submitters] AS submitted_by,
       addressed_to,
       question_url,
       delay_notice_url,
       overridden_fields,
       needs_review,
       review_reasons,
       [x.reason FOR x IN review_items IF NOT x.settled] AS review_open_reasons,
       review_settled_by,
       review_settled_reason
FROM questions
WHERE status = 'overdue'
ORDER BY days_overdue DESC, submitted_on, vraagnummer;

CREATE OR REPLACE VIEW set_outcomes AS
SELECT chamber,
       vraagnummer,
       title,
       question_type,
       has_term,
       submitted_on,
       year(submitted_on) AS year,
       CAST(date_trunc('month', submitted_on) AS DATE) AS month,
       ministries,
       parties,
       status,
       days_taken,
       working_days_taken,
       days_open,
       days_overdue,
       delay_notice_on IS NOT NULL AS has_delay_notice,
       coalesce(notice_was_late, false) AS notice_was_late,
       has_term AND status IN ('answered_on_time', 'answered_within_extension', 'answered_late',
                               'overdue') AS decided,
       status = 'answered_on_time' AS on_time,
       status = 'answered_within_extension' AS within_extension,
       status IN ('answered_late', 'overdue') AS late,
       status = 'overdue' AS overdue,
       status IN ('open', 'open_extended') AS still_open,
       needs_review,
       review_reasons
FROM questions;

-- The timeliness views of 004 plus `needing_review`: how many of the group's sets are flagged
-- for review today (their verdicts rest on something uncertain).
CREATE OR REPLACE VIEW timeliness_by_ministry AS
WITH per_ministry AS (
    SELECT *,
           unnest(CASE WHEN coalesce(len(ministries), 0) > 0 THEN ministries
                       ELSE [CAST(NULL AS VARCHAR)] END) AS ministry
    FROM set_outcomes
)
SELECT ministry,
       year,
       count(*) AS sets,
       count(*) FILTER (WHERE has_term) AS sets_with_term,
       count(*) FILTER (WHERE decided) AS decided,
       count(days_taken) AS answered,
       median(days_taken) AS median_days_taken,
       quantile_cont(days_taken, 0.9) AS p90_days_taken,
       median(working_days_taken) AS median_working_days_taken,
       avg(CAST(on_time AS INTEGER)) FILTER (WHERE decided) AS share_on_time,
       avg(CAST(within_extension AS INTEGER)) FILTER (WHERE decided) AS share_within_extension,
       avg(CAST(late AS INTEGER)) FILTER (WHERE decided) AS share_late,
       avg(CAST(has_delay_notice AS INTEGER)) FILTER (WHERE decided) AS share_with_delay_notice,
       count(*) FILTER (WHERE decided AND notice_was_late) AS late_delay_notices,
       count(*) FILTER (WHERE overdue) AS currently_overdue,
       count(*) FILTER (WHERE still_open) AS still_open,
       count(*) FILTER (WHERE needs_review) AS needing_review
FROM per_ministry
GROUP BY ministry, year
ORDER BY year, ministry;

CREATE OR REPLACE VIEW timeliness_by_party AS
WITH per_party AS (
    SELECT *,
           unnest(CASE WHEN coalesce(len(parties), 0) > 0 THEN parties
                       ELSE [CAST(NULL AS VARCHAR)] END) AS party
    FROM set_outcomes
)
SELECT party,
       year,
       count(*) AS sets,
       count(*) FILTER (WHERE has_term) AS sets_with_term,
       count(*) FILTER (WHERE decided) AS decided,
       count(days_taken) AS answered,
       median(days_taken) AS median_days_taken,
       quantile_cont(days_taken, 0.9) AS p90_days_taken,
       median(working_days_taken) AS median_working_days_taken,
       avg(CAST(on_time AS INTEGER)) FILTER (WHERE decided) AS share_on_time,
       avg(CAST(within_extension AS INTEGER)) FILTER (WHERE decided) AS share_within_extension,
       avg(CAST(late AS INTEGER)) FILTER (WHERE decided) AS share_late,
       avg(CAST(has_delay_notice AS INTEGER)) FILTER (WHERE decided) AS share_with_delay_notice,
       count(*) FILTER (WHERE decided AND notice_was_late) AS late_delay_notices,
       count(*) FILTER (WHERE overdue) AS currently_overdue,
       count(*) FILTER (WHERE still_open) AS still_open,
       count(*) FILTER (WHERE needs_review) AS needing_review
FROM per_party
GROUP BY party, year
ORDER BY year, party;

CREATE OR REPLACE VIEW timeliness_by_month AS
SELECT month,
       count(*) AS sets,
       count(*) FILTER (WHERE has_term) AS sets_with_term,
       count(*) FILTER (WHERE decided) AS decided,
       count(days_taken) AS answered,
       median(days_taken) AS median_days_taken,
       quantile_cont(days_taken, 0.9) AS p90_days_taken,
       median(working_days_taken) AS median_working_days_taken,
       avg(CAST(on_time AS INTEGER)) FILTER (WHERE decided) AS share_on_time,
       avg(CAST(within_extension AS INTEGER)) FILTER (WHERE decided) AS share_within_extension,
       avg(CAST(late AS INTEGER)) FILTER (WHERE decided) AS share_late,
       avg(CAST(has_delay_notice AS INTEGER)) FILTER (WHERE decided) AS share_with_delay_notice,
       count(*) FILTER (WHERE decided AND notice_was_late) AS late_delay_notices,
       count(*) FILTER (WHERE overdue) AS currently_overdue,
       count(*) FILTER (WHERE still_open) AS still_open,
       count(*) FILTER (WHERE needs_review) AS needing_review
FROM set_outcomes
GROUP BY month
ORDER BY month;

CREATE OR REPLACE VIEW delay_notices AS
WITH notices AS (
    SELECT qd.doc_id,
           qd.chamber,
           qd.vraagnummer,
           qd.event_on AS notice_on,
           d.title AS notice_title,
           d.notice_text,
           d.answered_by AS notified_by,
           coalesce(d.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || d.doc_id || '.html') AS notice_url,
           regexp_replace(coalesce(d.notice_text, ''), '\s+', ' ', 'g') AS flat
    FROM question_documents qd
    JOIN documents d USING (doc_id)
    WHERE qd.role = 'delay_notice'
),
reasons AS (
    SELECT *,
           nullif(trim(regexp_extract(
               flat,
               '(?i)(?:termijn|beantwoord)[^.]*?\b(?:omdat|vanwege|in verband met|aangezien|doordat|wegens)\s+([^.]+)',
               1)), '') AS reason_clause,
           nullif(trim(regexp_extract(flat, '(?i)(?:beantwoord|beantwoorden)\.\s+(.+)$', 1)), '')
               AS reason_after
    FROM notices
)
SELECT r.doc_id,
       r.chamber,
       r.vraagnummer,
       r.notice_on,
       q.submitted_on,
       q.due_on,
       CAST(r.notice_on - q.submitted_on AS INTEGER) AS days_after_submission,
       r.notice_on > q.due_on AS was_late,
       r.doc_id IS NOT DISTINCT FROM q.delay_notice_doc_id AS is_first,
       coalesce(r.reason_clause, r.reason_after) AS reason,
       r.notice_text,
       r.notice_title,
       r.notified_by,
       r.notice_url,
       q.title,
       q.ministries,
       q.parties,
       q.status,
       q.answered_on,
       q.days_taken,
       q.needs_review,
       q.review_reasons
FROM reasons r
JOIN questions q USING (chamber, vraagnummer)
ORDER BY r.notice_on, r.doc_id;
