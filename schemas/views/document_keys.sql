-- Every document with the question set it belongs to: its own vraagnummer, or (one level) the
-- vraagnummer of the same-chamber document its "Zie ook Aanhangsel …" reference points at.
CREATE OR REPLACE VIEW document_keys AS
WITH direct AS (
    SELECT doc_id, chamber, vraagnummer, 'vraagnummer' AS linked_by
    FROM documents
    WHERE chamber IS NOT NULL AND vraagnummer IS NOT NULL
),
refs AS (
    SELECT doc_id, chamber,
           unnest(refers_to) AS ref,
           generate_subscripts(refers_to, 1) AS pos
    FROM documents
    WHERE vraagnummer IS NULL AND chamber IS NOT NULL AND len(refers_to) > 0
),
referred AS (
    SELECT r.doc_id, r.chamber, t.vraagnummer, 'refers_to' AS linked_by
    FROM refs r
    JOIN documents t
      ON t.chamber = r.chamber
     AND t.vraagnummer IS NOT NULL
     AND t.doc_id <> r.doc_id
     AND regexp_replace(t.vergaderjaar, '[^0-9]', '', 'g')
         = regexp_replace(r.ref.vergaderjaar, '[^0-9]', '', 'g')
     AND lower(trim(t.aanhangselnummer)) = lower(trim(r.ref.nr))
    QUALIFY row_number() OVER (PARTITION BY r.doc_id ORDER BY r.pos, t.doc_id) = 1
)
SELECT * FROM direct
UNION ALL
SELECT * FROM referred;
