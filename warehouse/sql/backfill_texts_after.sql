-- warehouse/backfill_state.py: the next $n queued texts after the cursor ($after_on, $after_id),
-- newest first: by the document's date (published_on, else received_on, else submitted_on, as stored
-- in `documents`; DATE '0001-01-01' when none is known, so undated rows come last) descending, then
-- doc_id ascending. A keyset, not an OFFSET: rows taken off the queue never shift the next page.
-- `satisfied`: the text was already stored after the row was queued, for the same metadata.
SELECT doc_id, manifestation, url, meta_sha256, meta_json, satisfied, dated
FROM (
    SELECT t.doc_id, t.manifestation, t.url, t.meta_sha256, t.meta_json,
           coalesce(d.meta_sha256 = t.meta_sha256 AND x.fetched_at >= t.queued_at, false) AS satisfied,
           coalesce(d.published_on, d.received_on, d.submitted_on, DATE '0001-01-01') AS dated
    FROM backfill_texts t
    LEFT JOIN documents d USING (doc_id)
    LEFT JOIN document_texts x USING (doc_id)
)
WHERE dated < $after_on OR (dated = $after_on AND doc_id > $after_id)
ORDER BY dated DESC, doc_id
LIMIT $n;
