-- After a delivery attempt: the digest's rows become 'delivered' ($ok) or 'failed' with the error.
UPDATE alerts AS a
SET status = CASE WHEN $ok THEN 'delivered' ELSE 'failed' END,
    delivered_at = CASE WHEN $ok THEN now() END,
    last_error = CASE WHEN $ok THEN NULL ELSE $error END
FROM _alert_keys k
WHERE a.channel = $channel
  AND a.chamber = k.chamber AND a.vraagnummer = k.vraagnummer AND a.kind = k.kind
  AND a.status <> 'delivered'
RETURNING a.kind;
