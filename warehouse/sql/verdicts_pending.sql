-- warehouse/backfill_state.py: how many question sets still have a status that depends on an unread
-- text (verdict_texts.sql; a document without a vraagnummer counts as a set of its own, since its
-- set is not known yet), and how many such texts are queued.
SELECT count(DISTINCT coalesce(chamber || '/' || vraagnummer, doc_id)) AS sets,
       count(*) AS texts
FROM _verdict_texts;
