-- 004: for analysts: hand corrections (`overrides`) and the timeliness views.
-- Examples for every view: docs/queries.md. Statuses and terms: schemas/ddl/002_status.sql.

-- Facts an analyst corrects by hand (a wrong date in the source, a missing link). Applied after
-- derivation by warehouse/sql/apply_overrides.sql on every rebuild, so they survive re-ingests.
-- The newest active row per (chamber, vraagnummer, field) wins; `value` NULL clears the field;
-- `retired_on` set = no longer applied (kept for the audit trail). Fields and value formats:
-- warehouse/overrides.py (add_override validates them).
CREATE SEQUENCE override_id_seq START 1;
CREATE TABLE overrides (
    id          BIGINT PRIMARY KEY DEFAULT nextval('override_id_seq'),
    vraagnummer VARCHAR NOT NULL,
    chamber     VARCHAR NOT NULL DEFAULT 'tk',
    field       VARCHAR NOT NULL,
    value       VARCHAR,
    reason      VARCHAR NOT NULL,
    author      VARCHAR NOT NULL,
    created_on  TIMESTAMPTZ NOT NULL DEFAULT now(),
    retired_on  TIMESTAMPTZ,
    retired_by  VARCHAR
);

-- Which facts of a set come from an override (explicitly, or through an overridden document
-- link such as answer_doc_id → answered_on), and what the sources said for them.
ALTER TABLE question_sets ADD COLUMN overridden_fields VARCHAR[] DEFAULT [];
ALTER TABLE question_sets ADD COLUMN source_values MAP(VARCHAR, VARCHAR);

-- The override in force per set and field, with the value the sources give for it.
-- applied = false: the set does not exist (yet), or the field is not one overrides support.
CREATE VIEW overrides_applied AS
SELECT o.chamber,
       o.vraagnummer,
       o.field,
       o.value,
       qs.source_values[o.field] AS source_value,
       o.reason,
       o.author,
       o.created_on,
       o.id,
       qs.vraagnummer IS NOT NULL AS set_exists,
       coalesce(list_contains(qs.overridden_fields, o.field), false) AS applied
FROM overrides o
LEFT JOIN question_sets qs ON qs.chamber = o.chamber AND qs.vraagnummer = o.vraagnummer
WHERE o.retired_on IS NULL
QUALIFY row_number() OVER (PARTITION BY o.chamber, o.vraagnummer, o.field
                           ORDER BY o.created_on DESC, o.id DESC) = 1;

-- Every set that is overdue today (Europe/Amsterdam), the longest overdue first.
-- overdue_kind: `no_notice` (past due_on, no delay notice) or `after_extension`.
CREATE VIEW overdue_now AS
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
       overridden_fields
FROM questions
WHERE status = 'overdue'
ORDER BY days_overdue DESC, submitted_on, vraagnummer;

-- One row per set with its outcome today, as flags: the basis of the timeliness views.
-- decided: the set has a term and its outcome is known today (answered, or already overdue);
-- open, withdrawn, incomplete and term-less sets are not decided. late: answered late, or
-- overdue now (it can no longer be on time). on_time + within_extension + late = decided.
CREATE VIEW set_outcomes AS
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
       status IN ('open', 'open_extended') AS still_open
FROM questions;

-- Per ministry and year of submission. A set addressed to several ministries counts for each;
-- a set without a known ministry has ministry NULL. Days over every answered set (term or not);
-- shares over the decided sets (see set_outcomes).
CREATE VIEW timeliness_by_ministry AS
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
       count(*) FILTER (WHERE still_open) AS still_open
FROM per_ministry
GROUP BY ministry, year
ORDER BY year, ministry;

-- The same per party of the submitters (a set with members of several parties counts for each).
CREATE VIEW timeliness_by_party AS
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
       count(*) FILTER (WHERE still_open) AS still_open
FROM per_party
GROUP BY party, year
ORDER BY year, party;

-- The same per month of submission, every ministry and party together (each set once).
CREATE VIEW timeliness_by_month AS
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
       count(*) FILTER (WHERE still_open) AS still_open
FROM set_outcomes
GROUP BY month
ORDER BY month;

-- Every delay notice (Mededeling of kind `delay`) linked to a set, with its reason and whether
-- it came after the set's three-week term. is_first: the notice that counts as N (the first);
-- reason: the clause after "omdat/vanwege/in verband met/…" in the sentence that announces the
-- delay, else the text after that sentence (NULL when the notice gives none); notice_text: all.
CREATE VIEW delay_notices AS
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
       q.days_taken
FROM reasons r
JOIN questions q USING (chamber, vraagnummer)
ORDER BY r.notice_on, r.doc_id;
