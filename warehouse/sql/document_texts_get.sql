-- Stored text documents of the ids registered as _text_ids(doc_id).
SELECT t.doc_id, CAST(t.doc_json AS VARCHAR) AS doc_json
FROM document_texts t
SEMI JOIN _text_ids i USING (doc_id);
