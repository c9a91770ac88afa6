-- `kamervragen stats`: one row per group of dimension $by, as of $as_of, over the sets submitted in
-- [$since, $until] (answer_time_stats: schemas/views/answer_time_stats.sql). `group` is the group's
-- value ('all' for dimension all; '(none)' where a set has no ministry, party, topic or known person).
SELECT CASE WHEN dimension = 'all' THEN 'all' ELSE coalesce(value, '(none)') END AS "group",
       sets, answered, withdrawn, open, median_days,
       round(share_by_21, 4) AS share_by_21,
       round(share_by_42, 4) AS share_by_42,
       round(restricted_mean_90, 2) AS restricted_mean_90,
       answered_on_time, answered_within_extension, answered_late, open_within_term, open_overdue,
       within_extension_late_notice, needing_review
FROM answer_time_stats(CAST($as_of AS DATE), since := CAST($since AS DATE), until := CAST($until AS DATE))
WHERE dimension = $by
ORDER BY value NULLS LAST
