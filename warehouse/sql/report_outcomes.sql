-- warehouse/report.py (report_answers.py): the outcome categories over every set as of today (the one
-- aggregate, schemas/views/timeliness_by_group.sql, dimension 'all'), with the Kaplan–Meier figures of
-- answer_time_stats (open sets censored today). No row on an empty warehouse.
SELECT g.sets_categorised,
       g.answered_on_time, g.answered_within_extension, g.answered_late, g.withdrawn,
       g.open_within_term, g.open_overdue,
       g.share_answered_on_time, g.share_answered_within_extension, g.share_answered_late, g.share_withdrawn,
       g.share_open_within_term, g.share_open_overdue,
       g.questions_categorised,
       g.questions_answered_on_time, g.questions_answered_within_extension, g.questions_answered_late,
       g.questions_withdrawn, g.questions_open_within_term, g.questions_open_overdue,
       g.share_questions_answered_on_time, g.share_questions_answered_within_extension,
       g.share_questions_answered_late, g.share_questions_withdrawn, g.share_questions_open_within_term,
       g.share_questions_open_overdue,
       g.within_extension_late_notice,
       k.median_days, k.share_by_21, k.share_by_42, k.restricted_mean_90
FROM timeliness_by_group g
JOIN answer_time_stats(today_amsterdam()) k ON k.dimension = 'all'
WHERE g.dimension = 'all' AND g.sets_categorised > 0
