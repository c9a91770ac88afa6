-- warehouse/overrides.py add_override: store one override, return its id.
INSERT INTO overrides (vraagnummer, chamber, field, value, reason, author)
VALUES ($vraagnummer, $chamber, $field, $value, $reason, $author)
RETURNING id
