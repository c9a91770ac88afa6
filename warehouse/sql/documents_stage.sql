-- Stage 1 of an upsert: which rows of the de-duplicated batch _documents_batch are new or
-- changed (content_sha256 differs), with what must survive a rewrite (first_seen, meta_sha256).
CREATE OR REPLACE TEMP TABLE _documents_changes AS
SELECT b.doc_id,
       d.doc_id IS NULL AS is_new,
       d.first_seen,
       d.meta_sha256 AS stored_meta_sha256
FROM _documents_batch b
LEFT JOIN documents d USING (doc_id)
WHERE d.doc_id IS NULL OR d.content_sha256 IS DISTINCT FROM b.content_sha256;
