-- warehouse/backfill_state.py: queue the texts registered as _queue_texts (a repeat replaces the row).
INSERT OR REPLACE INTO backfill_texts
SELECT doc_id, manifestation, url, meta_sha256, meta_json, $now FROM _queue_texts;
