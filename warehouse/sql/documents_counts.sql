-- Stage 2: inserted, updated, unchanged and the ids written.
SELECT count(*) FILTER (WHERE is_new) AS inserted,
       count(*) FILTER (WHERE NOT is_new) AS updated,
       (SELECT count(*) FROM _documents_batch) - count(*) AS unchanged,
       coalesce(list(doc_id ORDER BY doc_id), []) AS changed_ids
FROM _documents_changes;
