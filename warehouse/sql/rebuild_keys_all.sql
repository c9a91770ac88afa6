-- Every set key: of the documents (directly; referred documents resolve to these) and the
-- existing sets (so a set whose documents are gone is removed).
CREATE OR REPLACE TEMP TABLE _rebuild_keys AS
SELECT chamber, vraagnummer FROM documents
WHERE chamber IS NOT NULL AND vraagnummer IS NOT NULL
UNION
SELECT chamber, vraagnummer FROM question_sets;
