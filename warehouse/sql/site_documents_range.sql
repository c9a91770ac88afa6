-- publish/ (streaming build): the documents (timeline) of the sets numbered $lo … $hi, received on
-- or before $as_of.
SELECT qd.chamber, qd.vraagnummer, qd.doc_id, qd.role, qd.event_on, d.kind, d.notice_kind, d.title,
       d.notice_text, d.urls['preferred'] AS url
FROM question_documents qd
JOIN documents d USING (doc_id)
WHERE qd.vraagnummer BETWEEN $lo AND $hi
  AND (qd.event_on IS NULL OR qd.event_on <= CAST($as_of AS DATE))
ORDER BY qd.vraagnummer, qd.chamber, qd.event_on NULLS LAST, qd.doc_id
