-- The head of a bounded first sync starts at $skiptoken.
INSERT INTO tk_sync_state (category, skiptoken, pages, entries, kept, deleted, updated_at)
VALUES ($category, CAST($skiptoken AS VARCHAR), 0, 0, 0, 0, now())
ON CONFLICT (category) DO UPDATE SET skiptoken = excluded.skiptoken, updated_at = now();
