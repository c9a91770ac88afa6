SELECT category, start_skiptoken, synced_from, history_skiptoken, history_done, history_pages, history_entries,
       history_seconds
FROM tk_sync_range ORDER BY category;
