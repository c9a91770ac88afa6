-- Runs still 'running' when a writer starts died with their process (the writer lock
-- guarantees no other writer is alive): mark them failed.
UPDATE ingest_runs
SET outcome = 'failed', finished = now(),
    message = coalesce(message || '; ', '') || 'interrupted: the process ended before the run finished'
WHERE outcome = 'running'
RETURNING id;
