-- The ingest health the operational alerts look at: the last run of $flow and its last success.
SELECT
    (SELECT count(*) FROM ingest_runs WHERE flow = $flow) AS runs,
    (SELECT max(finished) FROM ingest_runs WHERE flow = $flow AND outcome = 'success') AS last_success,
    last.id, last.started, last.finished, last.outcome, last.message
FROM (SELECT 1) AS one
LEFT JOIN (
    SELECT id, started, finished, outcome, message
    FROM ingest_runs
    WHERE flow = $flow
    ORDER BY id DESC
    LIMIT 1
) AS last ON true;
