-- One page of a category's history read (in the page's transaction): where it resumes, and the totals.
UPDATE tk_sync_range SET
    history_skiptoken = greatest(coalesce(history_skiptoken, 0), $skiptoken),
    history_done = $done,
    history_pages = history_pages + 1,
    history_entries = history_entries + $entries,
    history_seconds = history_seconds + $seconds,
    history_done_at = CASE WHEN $done THEN now() ELSE NULL END
WHERE category = $category;
