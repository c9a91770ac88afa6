-- MCP: how fresh the data is: when the last successful ingest (of any flow) finished.
SELECT max(finished) FILTER (WHERE outcome = 'success') AS last_successful_ingest
FROM ingest_runs
