-- warehouse/report.py: how many sets were overdue on the first of every month from the first
-- month with a set that has a term up to today, and today (status_as_of on each date).
WITH bounds AS (
    SELECT CAST(date_trunc('month', min(submitted_on)) AS DATE) AS first_month,
           CAST(timezone('Europe/Amsterdam', now()) AS DATE) AS today
    FROM question_sets
    WHERE has_term AND submitted_on IS NOT NULL
),
days AS (
    SELECT CAST(unnest(range(first_month, today, INTERVAL 1 MONTH)) AS DATE) AS d FROM bounds
    UNION
    SELECT today FROM bounds WHERE first_month IS NOT NULL
)
SELECT d AS as_of,
       (SELECT count(*) FROM status_as_of(days.d) s WHERE s.status = 'overdue') AS overdue
FROM days
ORDER BY d
