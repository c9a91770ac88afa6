-- A bounded first sync of one category: its head starts at $skiptoken, its history is still to read.
INSERT INTO tk_sync_range (category, start_skiptoken, synced_from, started_at)
VALUES ($category, $skiptoken, $synced_from, now())
ON CONFLICT (category) DO UPDATE SET start_skiptoken = excluded.start_skiptoken,
    synced_from = excluded.synced_from, history_skiptoken = NULL, history_done = false, history_pages = 0,
    history_entries = 0, history_seconds = 0, started_at = now(), history_done_at = NULL;
