-- Answer times per group (set_groups) as of day d, over the sets submitted in [since, until], open sets
-- counted (censored at d), not left out: counts, the six outcome categories (sets and questions),
-- within_extension_late_notice (of answered_within_extension, the sets whose delay notice came after
-- the unextended due date: it still extended the term, docs/domain.md), needing_review (sets whose
-- verdict on d rests on something uncertain), and
-- from the Kaplan–Meier curve (answer_time_curve): median_days (the smallest t with S(t) ≤ 1/2, as
-- lifelines' median_survival_time_; S is compared with 1e-12 slack, so a curve that reaches exactly
-- one half, e.g. 5 of 10 answered, counts despite rounding in the product; no midpoint between two
-- steps; NULL while more than half are still unanswered), share_by_21 and share_by_42 (1 − S(21), 1 − S(42)) and
-- restricted_mean_90 (the area under S from 0 to 90: mean days to answer, counting at most 90).
CREATE OR REPLACE MACRO answer_time_stats(d, since := NULL, until := NULL) AS TABLE
WITH chosen AS (
    SELECT * FROM answer_times_grouped(d, since := since, until := until)
),
counts AS (
    SELECT dimension, value,
           count(*) AS sets,
           count(*) FILTER (WHERE answered) AS answered,
           count(*) FILTER (WHERE outcome = 'withdrawn') AS withdrawn,
           count(*) FILTER (WHERE outcome LIKE 'open%') AS open,
           count(*) FILTER (WHERE outcome = 'answered_on_time') AS answered_on_time,
           count(*) FILTER (WHERE outcome = 'answered_within_extension') AS answered_within_extension,
           count(*) FILTER (WHERE outcome = 'answered_late') AS answered_late,
           count(*) FILTER (WHERE outcome = 'open_within_term') AS open_within_term,
           count(*) FILTER (WHERE outcome = 'open_overdue') AS open_overdue,
           sum(num_questions) AS questions,
           sum(num_questions) FILTER (WHERE outcome = 'answered_on_time') AS questions_answered_on_time,
           sum(num_questions) FILTER (WHERE outcome = 'answered_within_extension')
               AS questions_answered_within_extension,
           sum(num_questions) FILTER (WHERE outcome = 'answered_late') AS questions_answered_late,
           sum(num_questions) FILTER (WHERE outcome = 'withdrawn') AS questions_withdrawn,
           sum(num_questions) FILTER (WHERE outcome = 'open_within_term') AS questions_open_within_term,
           sum(num_questions) FILTER (WHERE outcome = 'open_overdue') AS questions_open_overdue,
           count(*) FILTER (WHERE outcome = 'answered_within_extension' AND notice_was_late)
               AS within_extension_late_notice,
           count(*) FILTER (WHERE needs_review) AS needing_review
    FROM chosen
    GROUP BY ALL
),
curve AS (
    SELECT *, lead(t) OVER (PARTITION BY dimension, value ORDER BY t) AS next_t
    FROM answer_time_curve(d, since := since, until := until)
),
km AS (
    SELECT dimension, value,
           min(t) FILTER (WHERE survival <= 0.5 + 1e-12) AS median_days,
           1 - coalesce(arg_max(survival, t) FILTER (WHERE t <= 21), 1) AS share_by_21,
           1 - coalesce(arg_max(survival, t) FILTER (WHERE t <= 42), 1) AS share_by_42,
           least(min(t), 90)
             + coalesce(sum(survival * (least(coalesce(next_t, 90), 90) - t)) FILTER (WHERE t < 90), 0)
               AS restricted_mean_90
    FROM curve
    GROUP BY ALL
)
SELECT c.dimension, c.value, c.sets, c.answered, c.withdrawn, c.open,
       k.median_days, k.share_by_21, k.share_by_42, k.restricted_mean_90,
       c.* EXCLUDE (dimension, value, sets, answered, withdrawn, open)
FROM counts c
JOIN km k ON k.dimension = c.dimension AND k.value IS NOT DISTINCT FROM c.value;
