-- Before a delivery: one 'pending' row per alert of the digest (attempts + 1). A delivered row
-- is never touched (candidates exclude them; the WHERE guards it anyway).
INSERT INTO alerts (chamber, vraagnummer, kind, channel, as_of, crossed_on, payload, status, attempts,
                    first_attempt_at, last_attempt_at)
SELECT chamber, vraagnummer, kind, $channel, as_of, crossed_on, CAST(payload AS JSON), 'pending', 1,
       now(), now()
FROM _alert_batch
ON CONFLICT (chamber, vraagnummer, kind, channel) DO UPDATE SET
    as_of = excluded.as_of,
    crossed_on = excluded.crossed_on,
    payload = excluded.payload,
    status = 'pending',
    attempts = alerts.attempts + 1,
    first_attempt_at = coalesce(alerts.first_attempt_at, now()),
    last_attempt_at = now()
WHERE alerts.status <> 'delivered';
