-- warehouse/report.py: the sets overdue today, the longest overdue first.
SELECT vraagnummer, title, submitted_on, effective_due_on, days_overdue, overdue_kind, ministries,
       submitted_by, question_url, delay_notice_url, overridden_fields
FROM overdue_now
ORDER BY days_overdue DESC, submitted_on, vraagnummer
