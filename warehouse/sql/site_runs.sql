-- publish/ home page: per flow, the last run (any outcome) and the last successful one.
SELECT flow,
       max(finished) FILTER (WHERE outcome = 'success') AS last_success,
       arg_max(outcome, id) AS last_outcome,
       arg_max(started, id) AS last_started,
       arg_max(message, id) AS last_message
FROM ingest_runs
GROUP BY flow
ORDER BY flow
