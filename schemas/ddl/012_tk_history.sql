-- 012: a bounded first sync of the Tweede Kamer's feed, and the full history as its own step.
-- A warehouse with no TK state that syncs with a horizon (ingest --since D, or the first 60-day run)
-- starts every category at one skiptoken found by the entries' `bijgewerkt` (D minus a margin of at
-- least 30 days; pipeline/tk_sync.py): start_skiptoken. The head (tk_sync_state.skiptoken) runs on from
-- there; the history (everything at or before start_skiptoken) is read by `kamervragen tk-sync --full`,
-- page by page from history_skiptoken, until history_done. No row, or start_skiptoken NULL: the
-- category was synced from the start of the feed (nothing before it is missing).
CREATE TABLE tk_sync_range (
    category VARCHAR PRIMARY KEY,
    start_skiptoken BIGINT,                -- the head's first skiptoken; NULL: synced from zero
    synced_from TIMESTAMPTZ,               -- the horizon searched for (entries at start_skiptoken are older)
    history_skiptoken BIGINT,              -- where the history step resumes (NULL: not started)
    history_done BOOLEAN NOT NULL DEFAULT false,
    history_pages BIGINT NOT NULL DEFAULT 0,
    history_entries BIGINT NOT NULL DEFAULT 0,
    history_seconds DOUBLE NOT NULL DEFAULT 0,  -- time spent paging the history (for the time left)
    started_at TIMESTAMPTZ,
    history_done_at TIMESTAMPTZ
);

-- The Tweede Kamer sync's coverage, one row: from which moment its records are complete
-- (synced_from NULL: from the start), and how much of the history step is done (share of the
-- skiptoken range 0..start_skiptoken covered, over the categories with a bounded start).
CREATE VIEW tk_coverage AS
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
