-- warehouse/report.py (report_answers.py): the Kaplan–Meier curve over every set with a term as of
-- today (answer_time_curve, open sets censored today): per day t, the share answered (1 − S(t)).
SELECT t, 1 - survival AS share_answered, at_risk
FROM answer_time_curve(today_amsterdam())
WHERE dimension = 'all'
ORDER BY t
