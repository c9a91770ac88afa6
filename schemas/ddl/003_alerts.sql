-- 003: late-answer and operational alerts, and the watch list.
--
-- One row per (set, alert kind, channel): what was (or is being) sent where. A row is written
-- 'pending' before delivery is attempted and becomes 'delivered' or 'failed' afterwards; a
-- 'delivered' row is never sent again, a 'pending'/'failed' one is retried by the next run.
-- `channel` is a hash of the notification URL (the URL and its tokens are never stored).
-- Operational alerts use chamber '*' and a key in `vraagnummer`: 'run-<id>' for ingest_failed
-- (one alert per failed run), 'day-<YYYY-MM-DD>' for ingest_stale (at most one a day).
CREATE TABLE alerts (
    chamber          VARCHAR NOT NULL,
    vraagnummer      VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL CHECK (kind IN ('overdue', 'overdue_after_extension', 'due_soon',
                                                      'watched_answered', 'ingest_failed', 'ingest_stale')),
    channel          VARCHAR NOT NULL,
    as_of            DATE NOT NULL,
    crossed_on       DATE,
    payload          JSON,
    status           VARCHAR NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       VARCHAR,
    first_attempt_at TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    PRIMARY KEY (chamber, vraagnummer, kind, channel)
);

-- Vraagnummers whose answer someone wants to hear about (`watched_answered` alerts).
CREATE TABLE watchlist (
    vraagnummer VARCHAR PRIMARY KEY,
    note        VARCHAR,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
