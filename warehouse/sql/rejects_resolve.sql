UPDATE rejects AS r
SET resolved = true, resolved_at = now()
FROM _resolve_keys k
WHERE r.key = k.key AND NOT r.resolved
RETURNING r.key;
