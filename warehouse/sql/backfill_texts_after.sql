-- warehouse/backfill_state.py: the next $n queued texts after the cursor ($after_tier, $after_on,
-- $after_id) in the order of backfill_texts_order.sql: by tier (texts that decide a verdict first),
-- then the document's date descending, then doc_id ascending. A keyset, not an OFFSET: rows taken
-- off the queue never shift the next page. Rows of the order table no longer queued (handled) are
-- skipped.
-- `satisfied`: the text was already stored after the row was queued, for the same metadata.
WITH next AS (
    SELECT doc_id, tier, dated
    FROM _backfill_text_order
    WHERE tier > $after_tier
       OR (tier = $after_tier AND (dated < $after_on OR (dated = $after_on AND doc_id > $after_id)))
    ORDER BY tier, dated DESC, doc_id
    LIMIT $n
)
SELECT t.doc_id, t.manifestation, t.url, t.meta_sha256, t.meta_json,
       coalesce(d.meta_sha256 = t.meta_sha256 AND x.fetched_at >= t.queued_at, false) AS satisfied,
       n.dated, n.tier
FROM next n
JOIN backfill_texts t USING (doc_id)
LEFT JOIN documents d USING (doc_id)
LEFT JOIN document_texts x USING (doc_id)
ORDER BY n.tier, n.dated DESC, t.doc_id;
