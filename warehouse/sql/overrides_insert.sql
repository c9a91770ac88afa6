-- warehouse/overrides.py add_override: store one override, return its id. `settles`: the review
-- reasons a `needs_review` settlement covers (NULL for other fields).
INSERT INTO overrides (vraagnummer, chamber, field, value, reason, author, settles)
VALUES ($vraagnummer, $chamber, $field, $value, $reason, $author, CAST($settles AS VARCHAR[]))
RETURNING id
