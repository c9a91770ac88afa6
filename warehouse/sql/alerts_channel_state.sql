-- Alert rows of one channel for the given keys (operational alerts): status and attempts.
SELECT a.chamber, a.vraagnummer, a.kind, a.status, a.attempts
FROM alerts a
JOIN _alert_keys k USING (chamber, vraagnummer, kind)
WHERE a.channel = $channel;
