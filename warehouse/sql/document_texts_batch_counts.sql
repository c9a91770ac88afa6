-- Classify the de-duplicated batch _texts_batch against the stored rows.
SELECT count(*) FILTER (WHERE t.doc_id IS NULL) AS inserted,
       count(*) FILTER (WHERE t.doc_id IS NOT NULL AND (
           t.content_sha256 IS DISTINCT FROM b.content_sha256
           OR t.manifestation IS DISTINCT FROM b.manifestation
           OR t.url IS DISTINCT FROM b.url)) AS updated,
       count(*) FILTER (WHERE t.content_sha256 = b.content_sha256
                          AND t.manifestation IS NOT DISTINCT FROM b.manifestation
                          AND t.url IS NOT DISTINCT FROM b.url) AS unchanged,
       coalesce(list(b.doc_id ORDER BY b.doc_id) FILTER (
           WHERE t.doc_id IS NULL
              OR t.content_sha256 IS DISTINCT FROM b.content_sha256
              OR t.manifestation IS DISTINCT FROM b.manifestation
              OR t.url IS DISTINCT FROM b.url
       ), []) AS changed_ids
FROM _texts_batch b
LEFT JOIN document_texts t USING (doc_id);
