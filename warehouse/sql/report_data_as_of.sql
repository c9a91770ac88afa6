-- warehouse/report.py: how fresh the data is: the end of the last successful ingest.
SELECT max(finished) FILTER (WHERE outcome = 'success') FROM ingest_runs
