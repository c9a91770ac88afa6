-- warehouse/backfill_state.py: the next $n set keys after ($c, $v), sorted: keys of documents
-- now (document_keys) and of sets as last rebuilt (question_sets), so vanished sets are rebuilt too.
SELECT chamber, vraagnummer
FROM (SELECT chamber, vraagnummer FROM document_keys
      UNION SELECT chamber, vraagnummer FROM question_sets)
WHERE (chamber, vraagnummer) > ($c, $v)
ORDER BY chamber, vraagnummer
LIMIT $n;
