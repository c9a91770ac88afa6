-- `kamervragen show`: the overrides in force on one set (see the overrides_applied view).
SELECT chamber, field, value, source_value, reason, author, created_on, applied
FROM overrides_applied
WHERE vraagnummer = $vraagnummer
ORDER BY chamber, field
