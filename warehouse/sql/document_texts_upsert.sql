-- Store parsed text documents; a row is rewritten only when content, manifestation or URL changed.
INSERT INTO document_texts BY NAME
SELECT b.doc_id, b.manifestation, b.url, b.content_sha256,
       CAST(b.doc_json AS JSON) AS doc_json,
       CAST($fetched_at AS TIMESTAMPTZ) AS fetched_at
FROM _texts_batch b
LEFT JOIN document_texts t USING (doc_id)
WHERE t.doc_id IS NULL
   OR t.content_sha256 IS DISTINCT FROM b.content_sha256
   OR t.manifestation IS DISTINCT FROM b.manifestation
   OR t.url IS DISTINCT FROM b.url
ON CONFLICT (doc_id) DO UPDATE SET
    manifestation  = excluded.manifestation,
    url            = excluded.url,
    content_sha256 = excluded.content_sha256,
    doc_json       = excluded.doc_json,
    fetched_at     = excluded.fetched_at;
