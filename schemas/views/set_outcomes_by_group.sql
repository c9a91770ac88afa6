-- Each row of set_outcomes once per group it counts in: 'ministry', 'party', 'month' (the month of
-- S as text 'YYYY-MM-01'), 'topic' ("Area | Subject", one row per topic, NULL without topics),
-- 'member' (person_id of each submitter) and 'minister' (person_id of each answering minister,
-- else of the delay notice's sender; NULL when neither is known, e.g. overdue without notice).
-- Member and minister rows have year NULL: per person the views count over all years. Dimension
-- 'all' (value and year NULL) holds every set once: the report's headline figures.
-- Per set, for "how late": term_length_days (due_on − submitted_on, the term the deadline rule
-- gave it), within_twice_term (answered within twice that term) and twice_term_known
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
