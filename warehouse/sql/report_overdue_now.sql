-- warehouse/report.py: the sets overdue today, the longest overdue first (with their review flag).
SELECT vraagnummer, title, submitted_on, effective_due_on, days_overdue, overdue_kind, ministries,
       submitted_by, question_url, delay_notice_url, overridden_fields,
       needs_review, review_reasons, review_open_reasons, review_settled_by, review_settled_reason
FROM overdue_now
ORDER BY days_overdue DESC, submitted_on, vraagnummer
