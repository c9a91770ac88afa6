-- warehouse/report.py: how many answered sets with a term took how many calendar days
-- (days beyond $cap counted at $cap, shown as "$cap or more").
SELECT least(days_taken, $cap) AS days, count(*) AS sets
FROM question_sets
WHERE has_term AND days_taken IS NOT NULL
GROUP BY ALL
ORDER BY days
