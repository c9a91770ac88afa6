SELECT category, skiptoken, pages, entries, kept, deleted, updated_at FROM tk_sync_state ORDER BY category;
