-- The Tweede Kamer's own record of each set in _rebuild_keys (after rebuild_question_sets.sql, before
-- the overrides): tk_case_id, tk_parties (the submitters' fracties), tk_addressed_to (the functions it
-- was addressed to), tk_ministries (those functions through schemas/ministries.csv, mapped when the
-- feed was parsed) and tk_submitted_on (gestartOp as a Europe/Amsterdam date). Where the publications
-- name no party or ministry, the TK values fill `parties` / `ministries`, and parties_source /
-- ministries_source say where each came from ('publications', 'tk', or NULL when neither knows).
CREATE OR REPLACE TEMP TABLE _tk_set_facts AS
WITH keys AS (
    SELECT vraagnummer FROM _rebuild_keys WHERE chamber = tk_records_chamber()
),
cases AS (
    SELECT c.id, c.nummer, c.gestart_on
    FROM tk_cases c
    WHERE c.nummer IN (SELECT vraagnummer FROM keys)
    QUALIFY row_number() OVER (PARTITION BY c.nummer ORDER BY c.bijgewerkt DESC NULLS LAST, c.id) = 1
),
actors AS (
    SELECT c.nummer, a.relatie, a.actor_fractie, a.functie, a.ministry, a.actor_naam
    FROM cases c
    JOIN tk_case_actors a ON a.zaak_id = c.id
),
parties AS (
    SELECT nummer, list_sort(list_distinct(list(actor_fractie))) AS tk_parties
    FROM actors
    WHERE relatie IN ('Indiener', 'Medeindiener') AND actor_fractie IS NOT NULL
    GROUP BY nummer
),
addressed AS (
    SELECT nummer,
           list(coalesce(functie, actor_naam) ORDER BY coalesce(functie, actor_naam))
               FILTER (WHERE coalesce(functie, actor_naam) IS NOT NULL) AS tk_addressed_to,
           list_sort(list_distinct(list(ministry))) AS tk_ministries
    FROM actors
    WHERE relatie = 'Gericht aan'
    GROUP BY nummer
)
SELECT c.nummer AS vraagnummer, c.id AS tk_case_id, c.gestart_on AS tk_submitted_on,
       coalesce(p.tk_parties, []) AS tk_parties,
       coalesce(a.tk_addressed_to, []) AS tk_addressed_to,
       coalesce(a.tk_ministries, []) AS tk_ministries
FROM cases c
LEFT JOIN parties p USING (nummer)
LEFT JOIN addressed a USING (nummer);

UPDATE question_sets
SET tk_case_id = f.tk_case_id,
    tk_submitted_on = f.tk_submitted_on,
    tk_parties = f.tk_parties,
    tk_addressed_to = f.tk_addressed_to,
    tk_ministries = f.tk_ministries,
    parties = CASE WHEN len(coalesce(question_sets.parties, [])) = 0 AND len(coalesce(f.tk_parties, [])) > 0
                   THEN f.tk_parties ELSE question_sets.parties END,
    parties_source = CASE WHEN len(coalesce(question_sets.parties, [])) > 0 THEN 'publications'
                          WHEN len(coalesce(f.tk_parties, [])) > 0 THEN 'tk' END,
    ministries = CASE WHEN len(coalesce(question_sets.ministries, [])) = 0
                           AND len(coalesce(f.tk_ministries, [])) > 0
                      THEN f.tk_ministries ELSE question_sets.ministries END,
    ministries_source = CASE WHEN len(coalesce(question_sets.ministries, [])) > 0 THEN 'publications'
                             WHEN len(coalesce(f.tk_ministries, [])) > 0 THEN 'tk' END
FROM (SELECT k.chamber, k.vraagnummer, t.* EXCLUDE (vraagnummer)
      FROM _rebuild_keys k LEFT JOIN _tk_set_facts t ON k.chamber = tk_records_chamber() AND t.vraagnummer = k.vraagnummer) f
WHERE question_sets.chamber = f.chamber AND question_sets.vraagnummer = f.vraagnummer;

DROP TABLE _tk_set_facts;
