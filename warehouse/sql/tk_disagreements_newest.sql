-- The disagreements in force, newest first (LIMIT NULL: all).
SELECT vraagnummer, kind, field, ours, theirs, verdict_changing, title, first_seen, last_seen
FROM source_disagreements_open
ORDER BY first_seen DESC, vraagnummer, kind, field
LIMIT $limit;
