-- `kamervragen show`: the documents of one set, oldest first (its timeline): those carrying its
-- vraagnummer and those linked to it by a "Zie ook" reference (question_documents).
SELECT doc_id, kind, notice_kind, coalesce(received_on, submitted_on) AS on_date,
       submitted_on, received_on, published_on, title, notice_text, closing_reference, manifestation,
       conflicts
FROM documents
WHERE vraagnummer = $vraagnummer
   OR doc_id IN (SELECT doc_id FROM question_documents WHERE vraagnummer = $vraagnummer)
ORDER BY on_date NULLS LAST, doc_id
