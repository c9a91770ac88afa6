-- warehouse/completeness.py: per chamber, how many question sets lack a submitted date, a status
-- as of $as_of (none, or `incomplete`), parties or ministries, and how many lack any of them; and
-- how many got their submitted date / parties / ministries from the Tweede Kamer's records
-- (`*_source = 'tk'`).
WITH s AS (
    SELECT chamber, vraagnummer, status FROM status_as_of(CAST($as_of AS DATE))
),
sets AS (
    SELECT qs.chamber,
           qs.submitted_on IS NULL AS no_date,
           qs.submitted_source = 'tk' AS date_from_tk,
           s.status IS NULL OR s.status = 'incomplete' AS no_status,
           len(coalesce(qs.parties, [])) = 0 AS no_parties,
           len(coalesce(qs.ministries, [])) = 0 AS no_ministries,
           qs.parties_source = 'tk' AS parties_from_tk,
           qs.ministries_source = 'tk' AS ministries_from_tk
    FROM question_sets qs
    LEFT JOIN s USING (chamber, vraagnummer)
)
SELECT chamber,
       count(*) AS sets,
       count(*) FILTER (WHERE no_date) AS no_date,
       count(*) FILTER (WHERE no_status) AS no_status,
       count(*) FILTER (WHERE no_parties) AS no_parties,
       count(*) FILTER (WHERE no_ministries) AS no_ministries,
       count(*) FILTER (WHERE no_date OR no_status OR no_parties OR no_ministries) AS lacking_any,
       count(*) FILTER (WHERE parties_from_tk) AS parties_from_tk,
       count(*) FILTER (WHERE ministries_from_tk) AS ministries_from_tk,
       count(*) FILTER (WHERE date_from_tk) AS date_from_tk
FROM sets
GROUP BY chamber
ORDER BY chamber;
