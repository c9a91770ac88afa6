-- The Tweede Kamer sync's coverage, one row: from which moment its records are complete
-- (synced_from NULL: from the start), and how much of the history step is done (share of the
-- skiptoken range 0..start_skiptoken covered, over the categories with a bounded start).
CREATE OR REPLACE VIEW tk_coverage AS
SELECT
    (SELECT count(*) FROM tk_sync_state WHERE skiptoken IS NOT NULL) > 0 AS synced,
    CASE WHEN bool_and(r.history_done OR r.start_skiptoken IS NULL) THEN NULL
         ELSE max(r.synced_from) END AS synced_from,
    coalesce(bool_and(r.history_done OR r.start_skiptoken IS NULL), true) AS history_complete,
    CASE WHEN count(r.start_skiptoken) = 0 THEN 1.0
         ELSE sum(CASE WHEN r.history_done OR r.start_skiptoken IS NULL THEN coalesce(r.start_skiptoken, 0)
                       ELSE least(coalesce(r.history_skiptoken, 0), r.start_skiptoken) END)
              / greatest(sum(coalesce(r.start_skiptoken, 0)), 1) END AS history_share,
    sum(r.history_pages) AS history_pages,
    sum(r.history_entries) AS history_entries,
    sum(r.history_seconds) AS history_seconds,
    max(r.history_done_at) AS history_done_at
FROM (SELECT 1) AS one
LEFT JOIN tk_sync_range r ON true;
