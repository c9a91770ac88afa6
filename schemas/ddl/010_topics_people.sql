-- 010: topics, people and "how late".
-- Topics: the policy topics of a document (`dcterms:subject`, scheme
-- OVERHEID.TaxonomieBeleidsagenda, "Bestuur | Gemeenten" → {area: 'Bestuur', subject: 'Gemeenten'});
-- a set's topics are those of its documents, each once, sorted (warehouse/sql/rebuild_set_topics.sql).
ALTER TABLE documents ADD COLUMN topics STRUCT(area VARCHAR, subject VARCHAR)[];
ALTER TABLE question_sets ADD COLUMN topics STRUCT(area VARCHAR, subject VARCHAR)[];

-- People: every (role, written name, party) of question_sets (role 'member': submitters; role
-- 'minister': the answering ministers, else the senders of the delay notice) with the person it
-- is (schemas/people.py resolve_people; rewritten after every rebuild by warehouse/people.py).
CREATE TABLE person_names (
    role         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    party        VARCHAR,
    person_id    VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    person_party VARCHAR
);

-- Each row of set_outcomes (007) once per group it counts in (as in 008: 'ministry', 'party',
-- 'month'), now also per 'topic' ("Area | Subject", one row per topic, NULL without topics),
-- 'member' (person_id of each submitter) and 'minister' (person_id of each answering minister,
-- else of the delay notice's sender; NULL when neither is known, e.g. overdue without notice).
-- Member and minister rows have year NULL: per person the views count over all years. Dimension
-- 'all' (value and year NULL) holds every set once: the report's headline figures.
-- Per set, for "how late": term_length_days (due_on − submitted_on, the term the deadline rule of
-- 008 gave it), within_twice_term (answered within twice that term) and twice_term_known
-- (answered, or open for more than twice the term: whether within_twice_term is decided).
CREATE OR REPLACE VIEW set_outcomes_by_group AS
WITH base AS (
    SELECT o.*,
           qs.topics,
           qs.submitters,
           CASE WHEN len(coalesce(qs.answered_by, [])) > 0 THEN qs.answered_by
                ELSE coalesce(n.answered_by, []) END AS ministers,
           CAST(qs.due_on - qs.submitted_on AS INTEGER) AS term_length_days
    FROM set_outcomes o
    JOIN question_sets qs USING (chamber, vraagnummer)
    LEFT JOIN documents n ON n.doc_id = qs.delay_notice_doc_id
),
outcomes AS (
    SELECT *,
           has_term AND status NOT IN ('withdrawn', 'incomplete')
               AND (days_taken IS NOT NULL OR days_open > 2 * term_length_days) AS twice_term_known,
           coalesce(days_taken <= 2 * term_length_days, false) AS within_twice_term
    FROM base
),
members AS (
    SELECT o.*, pn.person_id
    FROM (SELECT *, unnest(CASE WHEN len(coalesce(submitters, [])) > 0 THEN submitters
                                ELSE [NULL] END) AS person
          FROM outcomes) o
    LEFT JOIN person_names pn
      ON pn.role = 'member' AND pn.name = o.person.name
     AND pn.party IS NOT DISTINCT FROM o.person.party
    QUALIFY row_number() OVER (PARTITION BY o.chamber, o.vraagnummer, pn.person_id) = 1
),
ministers AS (
    SELECT o.*, pn.person_id
    FROM (SELECT *, unnest(CASE WHEN len(ministers) > 0 THEN ministers ELSE [NULL] END) AS person
          FROM outcomes) o
    LEFT JOIN person_names pn ON pn.role = 'minister' AND pn.name = o.person.name
    QUALIFY row_number() OVER (PARTITION BY o.chamber, o.vraagnummer, pn.person_id) = 1
)
SELECT 'ministry' AS dimension,
       unnest(CASE WHEN coalesce(len(ministries), 0) > 0 THEN ministries
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       *
FROM outcomes
UNION ALL BY NAME
SELECT 'party' AS dimension,
       unnest(CASE WHEN coalesce(len(parties), 0) > 0 THEN parties
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       *
FROM outcomes
UNION ALL BY NAME
SELECT 'month' AS dimension, CAST(month AS VARCHAR) AS value, *
FROM outcomes
UNION ALL BY NAME
SELECT 'all' AS dimension, CAST(NULL AS VARCHAR) AS value, * REPLACE (NULL AS year)
FROM outcomes
UNION ALL BY NAME
SELECT 'topic' AS dimension,
       unnest(CASE WHEN coalesce(len(topics), 0) > 0
                   THEN [t.area || coalesce(' | ' || t.subject, '') FOR t IN topics]
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       *
FROM outcomes
UNION ALL BY NAME
SELECT 'member' AS dimension, person_id AS value, * EXCLUDE (person, person_id) REPLACE (NULL AS year)
FROM members
UNION ALL BY NAME
SELECT 'minister' AS dimension, person_id AS value, * EXCLUDE (person, person_id) REPLACE (NULL AS year)
FROM ministers;

-- The one aggregate of 008, extended with "how late":
--   median_days_overdue, p90_days_overdue: days past the due date in force, over the late sets
--     (answered late or overdue now);
--   share_within_twice_term: answered within twice the term, of the sets where that is decided;
--   share_with_delay_notice (as before: of the decided sets);
--   share_late_delay_notices: of the sets with a term and a delay notice, the share whose notice
--     came after the (unextended) due date.
CREATE OR REPLACE VIEW timeliness_by_group AS
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
       count(*) FILTER (WHERE needs_review) AS needing_review,
       median(days_overdue) FILTER (WHERE late) AS median_days_overdue,
       quantile_cont(days_overdue, 0.9) FILTER (WHERE late) AS p90_days_overdue,
       avg(CAST(within_twice_term AS INTEGER)) FILTER (WHERE twice_term_known)
           AS share_within_twice_term,
       avg(CAST(notice_was_late AS INTEGER)) FILTER (WHERE has_term AND has_delay_notice)
           AS share_late_delay_notices
FROM set_outcomes_by_group
GROUP BY dimension, value, year;

-- The thin views of 008 (same selects), re-bound to the extended aggregate, and the new ones.
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

CREATE VIEW timeliness_by_topic AS
SELECT value AS topic,
       split_part(value, ' | ', 1) AS area,
       nullif(regexp_extract(value, ' \| (.*)$', 1), '') AS subject,
       year,
       * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'topic'
ORDER BY year, topic;

CREATE VIEW people AS
SELECT role, person_id, any_value(display_name) AS display_name, any_value(person_party) AS party,
       list_sort(list_distinct(list(name))) AS names
FROM person_names
GROUP BY role, person_id;

CREATE VIEW timeliness_by_member AS
SELECT g.value AS member_id, p.display_name AS member, p.party,
       g.* EXCLUDE (dimension, value, year)
FROM timeliness_by_group g
LEFT JOIN people p ON p.role = 'member' AND p.person_id = g.value
WHERE g.dimension = 'member'
ORDER BY member_id;

CREATE VIEW timeliness_by_minister AS
SELECT g.value AS minister_id, p.display_name AS minister,
       g.* EXCLUDE (dimension, value, year)
FROM timeliness_by_group g
LEFT JOIN people p ON p.role = 'minister' AND p.person_id = g.value
WHERE g.dimension = 'minister'
ORDER BY minister_id;
