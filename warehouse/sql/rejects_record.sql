-- A new failure, or a repeated one: bump last_seen and attempts, re-open it.
INSERT INTO rejects (key, stage, reason, excerpt, first_seen, last_seen, attempts, resolved)
VALUES ($key, $stage, $reason, $excerpt, now(), now(), 1, false)
ON CONFLICT (key) DO UPDATE SET
    stage = excluded.stage,
    reason = excluded.reason,
    excerpt = excluded.excerpt,
    last_seen = now(),
    attempts = rejects.attempts + 1,
    resolved = false,
    resolved_at = NULL;
