-- Stage 3: rewrite changed rows (delete + insert, much faster than ON CONFLICT DO UPDATE here),
-- insert new ones; unchanged rows stay untouched except for a new meta_sha256, which is recorded
-- so the next run can skip the document by its metadata hash. first_seen survives a rewrite;
-- meta_sha256 too when the batch has none.
DELETE FROM documents
WHERE doc_id IN (SELECT doc_id FROM _documents_changes WHERE NOT is_new);

INSERT INTO documents BY NAME
SELECT b.* REPLACE (coalesce(b.meta_sha256, c.stored_meta_sha256) AS meta_sha256),
       coalesce(c.first_seen, now()) AS first_seen,
       now() AS loaded_at
FROM _documents_batch b
JOIN _documents_changes c USING (doc_id);

UPDATE documents AS d
SET meta_sha256 = b.meta_sha256
FROM _documents_batch b
WHERE d.doc_id = b.doc_id
  AND d.content_sha256 = b.content_sha256
  AND b.meta_sha256 IS NOT NULL
  AND d.meta_sha256 IS DISTINCT FROM b.meta_sha256;

DROP TABLE _documents_changes;
