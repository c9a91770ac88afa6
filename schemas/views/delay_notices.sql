-- Every delay notice with its set: when it came, whether it came after the due date, the reason
-- it gives and the date it promises an answer by (read from the notice's text).
CREATE OR REPLACE VIEW delay_notices AS
WITH notices AS (
    SELECT qd.doc_id,
           qd.chamber,
           qd.vraagnummer,
           qd.event_on AS notice_on,
           d.title AS notice_title,
           d.notice_text,
           d.answered_by AS notified_by,
           coalesce(d.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || d.doc_id || '.html') AS notice_url,
           regexp_replace(coalesce(d.notice_text, ''), '\s+', ' ', 'g') AS flat
    FROM question_documents qd
    JOIN documents d USING (doc_id)
    WHERE qd.role = 'delay_notice'
),
reasons AS (
    SELECT *,
           nullif(trim(regexp_extract(
               flat,
               '(?i)(?:termijn|beantwoord)[^.]*?\b(?:omdat|vanwege|in verband met|aangezien|doordat|wegens)\s+([^.]+)',
               1)), '') AS reason_clause,
           nullif(trim(regexp_extract(flat, '(?i)(?:beantwoord|beantwoorden)\.\s+(.+)$', 1)), '')
               AS reason_after
    FROM notices
)
SELECT r.doc_id,
       r.chamber,
       r.vraagnummer,
       r.notice_on,
       q.submitted_on,
       q.due_on,
       CAST(r.notice_on - q.submitted_on AS INTEGER) AS days_after_submission,
       r.notice_on > q.due_on AS was_late,
       r.doc_id IS NOT DISTINCT FROM q.delay_notice_doc_id AS is_first,
       coalesce(r.reason_clause, r.reason_after) AS reason,
       r.notice_text,
       r.notice_title,
       r.notified_by,
       r.notice_url,
       q.title,
       q.ministries,
       q.parties,
       q.status,
       q.answered_on,
       q.days_taken,
       q.needs_review,
       q.review_reasons
FROM reasons r
JOIN questions q USING (chamber, vraagnummer)
ORDER BY r.notice_on, r.doc_id;
