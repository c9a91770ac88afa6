-- Stored hashes of the ids registered as _hash_ids(doc_id).
SELECT d.doc_id,
       d.meta_sha256,
       d.content_sha256,
       len(d.items) > 0 OR d.notice_text IS NOT NULL AS has_text,
       -- a notice whose kind is still `other` is read again whenever its record is listed
       NOT (d.kind = 'notice' AND coalesce(d.notice_kind, 'other') = 'other') AS settled
FROM documents d
SEMI JOIN _hash_ids i USING (doc_id);
