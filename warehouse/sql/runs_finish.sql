UPDATE ingest_runs
SET finished = now(), outcome = $outcome, message = $message,
    pages = $pages, records = $records, inserted = $inserted, updated = $updated,
    unchanged = $unchanged, rejected = $rejected, requests = $requests
WHERE id = $id
RETURNING id;
