-- Sets the documents registered as _key_docs(doc_id) belong to now (document_keys) or belonged
-- to at the last rebuild (question_documents): both need a rebuild after those documents change.
SELECT chamber, vraagnummer FROM document_keys SEMI JOIN _key_docs USING (doc_id)
UNION
SELECT chamber, vraagnummer FROM question_documents SEMI JOIN _key_docs USING (doc_id);
