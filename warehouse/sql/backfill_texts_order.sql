-- warehouse/backfill_state.py: the text queue's order as of the start of a text pass: texts that decide
-- a verdict first, newest first within each tier (a temp table, so each batch reads its next rows
-- from this narrow table instead of joining and sorting the whole queue again. On 146,607 queued
-- texts, 2 loaded cores: 39 ms once, then 15-25 ms a batch of 500; the whole queue joined and sorted
-- per batch: 150-300 ms).
-- tier 0: notices whose kind the title and metadata do not state; 1: the other texts a status still
-- depends on (`_verdict_texts`, verdict_texts.sql, created first); 2: the texts of sets open or late
-- as of $today (open, open_extended, overdue, answered_late); 3: the rest.
-- The document's date: published_on, else received_on, else submitted_on, as stored in `documents`;
-- DATE '0001-01-01' when none is known, so undated rows come last in their tier.
CREATE OR REPLACE TEMP TABLE _backfill_text_order AS
WITH open_or_late AS (
    SELECT DISTINCT qd.doc_id
    FROM question_documents qd
    JOIN status_as_of(CAST($today AS DATE)) s USING (chamber, vraagnummer)
    WHERE s.status IN ('open', 'open_extended', 'overdue', 'answered_late')
)
SELECT t.doc_id,
       CASE WHEN v.tier IS NOT NULL THEN v.tier
            WHEN o.doc_id IS NOT NULL THEN 2
            ELSE 3 END AS tier,
       coalesce(d.published_on, d.received_on, d.submitted_on, DATE '0001-01-01') AS dated
FROM backfill_texts t
LEFT JOIN documents d USING (doc_id)
LEFT JOIN _verdict_texts v USING (doc_id)
LEFT JOIN open_or_late o USING (doc_id);
