-- The Kaplan–Meier curve of "still unanswered after t days" per group (set_groups) as of day d, over the
-- sets submitted in [since, until] (NULL: open-ended): one row per group and day t on which a set was
-- answered or left observation (withdrawn, or still open on d: censored), with the sets at risk on t
-- (days ≥ t), those answered on t, those censored on t, and survival S(t) = Π (1 − answered/at_risk).
CREATE OR REPLACE MACRO answer_time_curve(d, since := NULL, until := NULL) AS TABLE
WITH chosen AS (
    SELECT * FROM answer_times_grouped(d, since := since, until := until)
),
steps AS (
    SELECT dimension, value, days AS t,
           count(*) FILTER (WHERE answered) AS answered,
           count(*) FILTER (WHERE NOT answered) AS censored,
           count(*) AS leaving
    FROM chosen
    GROUP BY ALL
),
risk AS (
    SELECT *, sum(leaving) OVER (PARTITION BY dimension, value ORDER BY t DESC) AS at_risk
    FROM steps
)
SELECT dimension, value, t, CAST(at_risk AS BIGINT) AS at_risk, answered, censored,
       product(1 - answered / at_risk) OVER (PARTITION BY dimension, value ORDER BY t) AS survival
FROM risk;
