-- warehouse/backfill_state.py: take the texts registered as _done_texts(doc_id) off the queue.
DELETE FROM backfill_texts WHERE doc_id IN (SELECT doc_id FROM _done_texts);
