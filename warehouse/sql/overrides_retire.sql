-- warehouse/overrides.py retire_override: stop applying a field's active overrides on a set.
UPDATE overrides
SET retired_on = now(), retired_by = $author
WHERE vraagnummer = $vraagnummer AND chamber = $chamber AND field = $field AND retired_on IS NULL
RETURNING id
