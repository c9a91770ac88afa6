-- The override in force per set and field, with the value the sources give for it.
-- applied = false: the set does not exist (yet), or the field is not one overrides support.
CREATE OR REPLACE VIEW overrides_applied AS
SELECT o.chamber,
       o.vraagnummer,
       o.field,
       o.value,
       qs.source_values[o.field] AS source_value,
       o.reason,
       o.author,
       o.created_on,
       o.id,
       qs.vraagnummer IS NOT NULL AS set_exists,
       coalesce(list_contains(qs.overridden_fields, o.field), false) AS applied
FROM overrides o
LEFT JOIN question_sets qs ON qs.chamber = o.chamber AND qs.vraagnummer = o.vraagnummer
WHERE o.retired_on IS NULL
QUALIFY row_number() OVER (PARTITION BY o.chamber, o.vraagnummer, o.field
                           ORDER BY o.created_on DESC, o.id DESC) = 1;
