-- warehouse/backfill_state.py: the next $n queued texts after the cursor ($after_on, $after_id),
-- newest first: by the document's date (see backfill_texts_order.sql) descending, then doc_id
-- ascending. A keyset, not an OFFSET: rows taken off the queue never shift the next page. Rows of
-- the order table no longer queued (handled) are skipped.
-- `satisfied`: the text was already stored after the row was queued, for the same metadata.
WITH next AS (
    SELECT doc_id, dated
    FROM _backfill_text_order
    WHERE dated < $after_on OR (dated = $after_on AND doc_id > $after_id)
    ORDER BY dated DESC, doc_id
    LIMIT $n
)
SELECT t.doc_id, t.manifestation, t.url, t.meta_sha256, t.meta_json,
       coalesce(d.meta_sha256 = t.meta_sha256 AND x.fetched_at >= t.queued_at, false) AS satisfied,
       n.dated
FROM next n
JOIN backfill_texts t USING (doc_id)
LEFT JOIN documents d USING (doc_id)
LEFT JOIN document_texts x USING (doc_id)
ORDER BY n.dated DESC, t.doc_id;
