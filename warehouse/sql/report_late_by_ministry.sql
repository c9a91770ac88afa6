-- warehouse/report.py: share late per ministry and year of submission (decided sets only).
SELECT coalesce(ministry, '(unknown)') AS ministry, year, share_late, decided, currently_overdue
FROM timeliness_by_ministry
WHERE decided > 0 AND year IS NOT NULL
ORDER BY ministry, year
