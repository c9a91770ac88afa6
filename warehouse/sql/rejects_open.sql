SELECT key FROM rejects
WHERE NOT resolved AND ($stage IS NULL OR stage = $stage)
ORDER BY first_seen, key;
