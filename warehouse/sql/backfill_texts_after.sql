-- warehouse/backfill_state.py: the next $n queued texts after doc_id $after, with whether each is
-- already satisfied (its text was stored after it was queued, for the same metadata).
SELECT t.doc_id, t.manifestation, t.url, t.meta_sha256, t.meta_json,
       coalesce(d.meta_sha256 = t.meta_sha256 AND x.fetched_at >= t.queued_at, false) AS satisfied
FROM backfill_texts t
LEFT JOIN documents d USING (doc_id)
LEFT JOIN document_texts x USING (doc_id)
WHERE t.doc_id > $after
ORDER BY t.doc_id
LIMIT $n;
