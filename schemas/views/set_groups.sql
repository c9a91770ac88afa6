-- The groups each set counts in (independent of the day): `dimension` 'ministry', 'party' (one row per
-- ministry or party, one with value NULL when it has none), 'year' and 'month' of S (as text: '2022',
-- '2022-01-01'; NULL without S), 'topic' ("Area | Subject", NULL without topics), 'member' (person_id
-- of each submitter), 'minister' (person_id of each answering minister, else of the delay notice's
-- sender; NULL when neither is known), and 'all' (value NULL: every set once). `year` is the year of S,
-- NULL for 'member', 'minister' and 'all' (per person and overall, counts run over all years).
-- The one definition of group membership: set_outcomes_by_group and answer_time_stats read it.
CREATE OR REPLACE VIEW set_groups AS
WITH sets AS (
    SELECT qs.chamber, qs.vraagnummer, qs.ministries, qs.parties, qs.topics, qs.submitters,
           year(qs.submitted_on) AS year,
           CAST(date_trunc('month', qs.submitted_on) AS DATE) AS month,
           CASE WHEN len(coalesce(qs.answered_by, [])) > 0 THEN qs.answered_by
                ELSE coalesce(n.answered_by, []) END AS ministers
    FROM question_sets qs
    LEFT JOIN documents n ON n.doc_id = qs.delay_notice_doc_id
),
members AS (
    SELECT s.chamber, s.vraagnummer, pn.person_id
    FROM (SELECT *, unnest(CASE WHEN len(coalesce(submitters, [])) > 0 THEN submitters
                                ELSE [NULL] END) AS person
          FROM sets) s
    LEFT JOIN person_names pn
      ON pn.role = 'member' AND pn.name = s.person.name
     AND pn.party IS NOT DISTINCT FROM s.person.party
    QUALIFY row_number() OVER (PARTITION BY s.chamber, s.vraagnummer, pn.person_id) = 1
),
ministers AS (
    SELECT s.chamber, s.vraagnummer, pn.person_id
    FROM (SELECT *, unnest(CASE WHEN len(ministers) > 0 THEN ministers ELSE [NULL] END) AS person
          FROM sets) s
    LEFT JOIN person_names pn ON pn.role = 'minister' AND pn.name = s.person.name
    QUALIFY row_number() OVER (PARTITION BY s.chamber, s.vraagnummer, pn.person_id) = 1
)
SELECT 'ministry' AS dimension,
       unnest(CASE WHEN coalesce(len(ministries), 0) > 0 THEN ministries
                   ELSE [CAST(NULL AS VARCHAR)] END) AS value,
       chamber, vraagnummer, year
FROM sets
UNION ALL
SELECT 'party', unnest(CASE WHEN coalesce(len(parties), 0) > 0 THEN parties
                            ELSE [CAST(NULL AS VARCHAR)] END),
       chamber, vraagnummer, year
FROM sets
UNION ALL
SELECT 'year', CAST(year AS VARCHAR), chamber, vraagnummer, year FROM sets
UNION ALL
SELECT 'month', CAST(month AS VARCHAR), chamber, vraagnummer, year FROM sets
UNION ALL
SELECT 'all', NULL, chamber, vraagnummer, NULL FROM sets
UNION ALL
SELECT 'topic', unnest(CASE WHEN coalesce(len(topics), 0) > 0
                            THEN [t.area || coalesce(' | ' || t.subject, '') FOR t IN topics]
                            ELSE [CAST(NULL AS VARCHAR)] END),
       chamber, vraagnummer, year
FROM sets
UNION ALL
SELECT 'member', person_id, chamber, vraagnummer, NULL FROM members
UNION ALL
SELECT 'minister', person_id, chamber, vraagnummer, NULL FROM ministers;
