-- The sets overdue today, most days overdue first, with what an alert or a journalist needs:
-- why (no notice, or after the extension), the due dates, who asked whom, and the review flag.
CREATE OR REPLACE VIEW overdue_now AS
SELECT chamber,
       vraagnummer,
       title,
       submitted_on,
       due_on,
       delay_notice_on,
       extended_due_on,
       effective_due_on,
       CASE WHEN delay_notice_on IS NULL THEN 'no_notice' ELSE 'after_extension' END AS overdue_kind,
       days_overdue,
       days_open,
       ministries,
       parties,
       [p.name || coalesce(' (' || p.party || ')', '') FOR p IN submitters] AS submitted_by,
       addressed_to,
       question_url,
       delay_notice_url,
       overridden_fields,
       needs_review,
       review_reasons,
       [x.reason FOR x IN review_items IF NOT x.settled] AS review_open_reasons,
       review_settled_by,
       review_settled_reason
FROM questions
WHERE status = 'overdue'
ORDER BY days_overdue DESC, submitted_on, vraagnummer;
