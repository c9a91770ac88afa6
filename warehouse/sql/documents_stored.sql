-- warehouse/documents.py: the stored rows of the ids registered as _stored_ids(doc_id), in the
-- columns of schemas.document.Document, named as its fields (tests/test_backfill_state.py checks).
SELECT doc_id, manifestation, chamber, kind, notice_kind, question_type, vraagnummer,
       aanhangselnummer, vergaderjaar, title, submitted_on, received_on, published_on,
       modified_on, submitters, addressed_to, answered_by, ministries, refers_to, answer_doc_id,
       items, notice_text, closing_reference, coalesce(topics, []) AS topics, urls, document_status,
       content_sha256, conflicts,
       source, missing
FROM documents
SEMI JOIN _stored_ids USING (doc_id);
