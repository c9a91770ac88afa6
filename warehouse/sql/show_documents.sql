-- `kamervragen show`: the documents of one set, oldest first (its timeline).
SELECT doc_id, kind, notice_kind, coalesce(received_on, submitted_on) AS on_date,
       submitted_on, received_on, published_on, title, notice_text, manifestation, conflicts
FROM documents
WHERE vraagnummer = $vraagnummer
ORDER BY on_date NULLS LAST, doc_id
