SELECT synced, synced_from, history_complete, history_share, history_pages, history_entries, history_seconds,
       history_done_at
FROM tk_coverage;
