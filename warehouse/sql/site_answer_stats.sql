-- publish/ (the charts): answer times as of $as_of per group of each dimension the site has pages for,
-- and 'all' (answer_time_stats: open sets censored at $as_of, the six outcome categories).
SELECT *
FROM answer_time_stats(CAST($as_of AS DATE))
WHERE dimension IN ('all', 'ministry', 'party', 'topic', 'member', 'minister')
