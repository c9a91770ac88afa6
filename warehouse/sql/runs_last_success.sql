SELECT max(finished) FROM ingest_runs WHERE flow = $flow AND outcome = 'success';
