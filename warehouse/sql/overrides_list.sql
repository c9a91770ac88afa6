-- warehouse/overrides.py list_overrides: overrides (in force, or all), newest first, with the
-- sources' value of the field and whether the override is applied now.
SELECT o.id, o.chamber, o.vraagnummer, o.field, o.value,
       qs.source_values[o.field] AS source_value,
       o.reason, o.author, o.created_on, o.retired_on, o.retired_by,
       coalesce(a.applied, false) AS applied
FROM overrides o
LEFT JOIN overrides_applied a ON a.id = o.id
LEFT JOIN question_sets qs ON qs.chamber = o.chamber AND qs.vraagnummer = o.vraagnummer
WHERE ($vraagnummer IS NULL OR o.vraagnummer = $vraagnummer)
  AND ($chamber IS NULL OR o.chamber = $chamber)
  AND ($include_retired OR a.id IS NOT NULL)
ORDER BY o.created_on DESC, o.id DESC
