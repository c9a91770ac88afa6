-- Record where the category's feed resumes, with running totals.
INSERT INTO tk_sync_state (category, skiptoken, pages, entries, kept, deleted, updated_at)
VALUES ($category, $skiptoken, 1, $entries, $kept, $deleted, now())
ON CONFLICT (category) DO UPDATE SET
    skiptoken = coalesce(excluded.skiptoken, tk_sync_state.skiptoken),
    pages = tk_sync_state.pages + 1,
    entries = tk_sync_state.entries + excluded.entries,
    kept = tk_sync_state.kept + excluded.kept,
    deleted = tk_sync_state.deleted + excluded.deleted,
    updated_at = now();
