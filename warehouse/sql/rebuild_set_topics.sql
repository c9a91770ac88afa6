-- The topics of the sets in _rebuild_keys: those of their documents (question_documents), each
-- once, sorted by area and subject; [] when no document has any. Schema version 10 on.
UPDATE question_sets AS qs
SET topics = t.topics
FROM (
    SELECT qd.chamber, qd.vraagnummer,
           coalesce(list_sort(list_distinct(flatten(list(coalesce(d.topics, []))))), []) AS topics
    FROM question_documents qd
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
    JOIN documents d USING (doc_id)
    GROUP BY qd.chamber, qd.vraagnummer
) t
WHERE qs.chamber = t.chamber AND qs.vraagnummer = t.vraagnummer;
