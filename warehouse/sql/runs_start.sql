INSERT INTO ingest_runs (flow, started, window_since, window_until, outcome)
VALUES ($flow, now(), $window_since, $window_until, 'running')
RETURNING id;
