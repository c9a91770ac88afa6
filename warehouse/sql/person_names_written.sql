-- Every (role, written name, party) of the question sets: submitters are members; the answering
-- ministers, else the senders of the delay notice, are ministers (warehouse/people.py).
SELECT DISTINCT 'member' AS role, p.name, p.party
FROM (SELECT unnest(submitters) AS p FROM question_sets)
WHERE p.name IS NOT NULL
UNION
SELECT DISTINCT 'minister' AS role, m.name, NULL AS party
FROM (SELECT unnest(CASE WHEN len(coalesce(qs.answered_by, [])) > 0 THEN qs.answered_by
                         ELSE coalesce(n.answered_by, []) END) AS m
      FROM question_sets qs
      LEFT JOIN documents n ON n.doc_id = qs.delay_notice_doc_id)
WHERE m.name IS NOT NULL
ORDER BY role, name, party
