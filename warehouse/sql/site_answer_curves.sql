-- publish/ (the charts): the Kaplan–Meier steps (t, S(t)) up to day 90 as of $as_of per group of each
-- dimension the site has pages for, and 'all' (answer_time_curve): only the days with an answer, where
-- S steps down (a day on which sets only left observation leaves S as it was, and moves every day
-- while a set stays open: the chart, and the page, would change daily for nothing).
SELECT dimension, value, t, survival
FROM answer_time_curve(CAST($as_of AS DATE))
WHERE dimension IN ('all', 'ministry', 'party', 'topic', 'member', 'minister') AND t <= 90 AND answered > 0
ORDER BY dimension, value, t
