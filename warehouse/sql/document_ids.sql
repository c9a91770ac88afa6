-- warehouse/documents.py: every stored doc_id, sorted.
SELECT doc_id FROM documents ORDER BY doc_id;
