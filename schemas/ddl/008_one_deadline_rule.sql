-- 008: one deadline rule. Whether a set has a term and its due dates are defined once, here, as
-- scalar macros; status_as_of (below), warehouse/sql/rebuild_question_sets.sql and
-- warehouse/sql/apply_overrides.sql all call them. The terms stay settings: term_days() and
-- extension_days() (001), read from `settings`. Nothing else writes `+ term_days()`
-- (tests/test_one_deadline_rule.py checks warehouse/sql and later migrations).
-- The timeliness views are thin selects on one aggregate (timeliness_by_group).
--
-- warehouse/questions.py runs the block between the `deadline rule` markers (as TEMP macros) when
-- it rebuilds a database older than this version (only tests build such databases): the block
-- holds nothing but these `CREATE MACRO` statements.

-- begin: deadline rule
-- A set has a term when it is a written question of the Tweede Kamer (oral questions and the
-- Eerste Kamer's have none).
CREATE MACRO set_has_term(chamber, question_type) AS
    chamber = 'tk' AND question_type = 'written'
;
-- The term's end: S + term (NULL without a term or without S).
CREATE MACRO set_due_on(submitted_on, has_term) AS
    CASE WHEN has_term THEN submitted_on + term_days() END
;
-- The end of the extension a delay notice gives: S + term + extension (NULL without a notice).
CREATE MACRO set_extended_due_on(submitted_on, has_term, delay_notice_on) AS
    CASE WHEN has_term AND delay_notice_on IS NOT NULL
         THEN submitted_on + term_days() + extension_days() END
;
-- The due date in force: the extended one once a delay notice came, else the term's end.
CREATE MACRO set_effective_due_on(submitted_on, has_term, delay_notice_on) AS
    CASE WHEN delay_notice_on IS NOT NULL
         THEN set_extended_due_on(submitted_on, has_term, delay_notice_on)
         ELSE set_due_on(submitted_on, has_term) END
;
-- end: deadline rule

-- status_as_of(d) as in 007 (same columns, same values), its due dates from the macros above;
-- as of d, `n` is the delay notice dated on or before d. The views built on it (questions and
-- those of 004/007) expand the macro when they are queried, so they need no re-creation.
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

-- Each row of set_outcomes (007) once per group it counts in: `dimension` 'ministry' (one row
-- per ministry, or one with value NULL when it has none), 'party' (likewise), and 'month' (the
-- month of S as text 'YYYY-MM-01', NULL without S). year is the year of S.
CREATE VIEW set_outcomes_by_group AS
SELECT 'ministry' AS dimension,
       unnest(CASE WHEN coalesce(len(ministries), 0) > 0 THEN ministries
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       *
FROM set_outcomes
UNION ALL BY NAME
SELECT 'party' AS dimension,
       unnest(CASE WHEN coalesce(len(parties), 0) > 0 THEN parties
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       *
FROM set_outcomes
UNION ALL BY NAME
SELECT 'month' AS dimension, CAST(month AS VARCHAR) AS value, *
FROM set_outcomes;

-- The timeliness aggregates of 004/007 (with needing_review), once, per dimension, value and
-- year (a month lies in one year, so per month the year adds no split).
CREATE VIEW timeliness_by_group AS
SELECT dimension,
       value,
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
FROM set_outcomes_by_group
GROUP BY dimension, value, year;

-- The views of 007, same columns and order, from the one aggregate.
CREATE OR REPLACE VIEW timeliness_by_ministry AS
SELECT value AS ministry, year, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'ministry'
ORDER BY year, ministry;

CREATE OR REPLACE VIEW timeliness_by_party AS
SELECT value AS party, year, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'party'
ORDER BY year, party;

CREATE OR REPLACE VIEW timeliness_by_month AS
SELECT CAST(value AS DATE) AS month, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'month'
ORDER BY month;
