-- warehouse/backfill_state.py: the text queue's order, newest first, as of the start of a text pass
-- (a temp table, so each batch reads its next rows from this narrow table instead of joining and
-- sorting the whole queue again. On 146,607 queued texts, 2 loaded cores: 39 ms once, then 15-25 ms
-- a batch of 500; the whole queue joined and sorted per batch: 150-300 ms; the doc_id order it
-- replaces: 90-260 ms).
-- The document's date: published_on, else received_on, else submitted_on, as stored in `documents`;
-- DATE '0001-01-01' when none is known, so undated rows come last.
CREATE OR REPLACE TEMP TABLE _backfill_text_order AS
SELECT t.doc_id, coalesce(d.published_on, d.received_on, d.submitted_on, DATE '0001-01-01') AS dated
FROM backfill_texts t
LEFT JOIN documents d USING (doc_id);
