-- MCP `question_set`: the documents of one set received by $as_of (undated ones too), oldest
-- first, with their official URL: those carrying its vraagnummer and those linked to it by a
-- "Zie ook" reference (question_documents), as `kamervragen show` lists them.
SELECT doc_id, kind, notice_kind, coalesce(received_on, submitted_on) AS on_date, title,
       coalesce(urls['preferred'], 'https://zoek.officielebekendmakingen.nl/' || doc_id || '.html') AS url
FROM documents
WHERE (vraagnummer = $vraagnummer
       OR doc_id IN (SELECT doc_id FROM question_documents WHERE vraagnummer = $vraagnummer))
  AND (coalesce(received_on, submitted_on) IS NULL OR coalesce(received_on, submitted_on) <= CAST($as_of AS DATE))
ORDER BY on_date NULLS LAST, doc_id
