-- publish/: what in the warehouse is made up (SYNTHETIC), by the house rule that made-up records
-- carry ids outside the real number space (replay/demo_corpus.py, replay/synthetic_records.py):
-- a question set whose number after the Z is 90000 or more (2026Z9xxxx; the real series stay far
-- below), and a document whose Aanhangsel number is 9000 or more (ah-tk-<vergaderjaar>-9xxx; e.g. the
-- demo's made-up number 9001 of 2022Z00634's delay notice, ah-tk-20212022-9001). kind: set / document.
SELECT 'set' AS kind, vraagnummer AS id
FROM documents
WHERE regexp_matches(vraagnummer, '^\d{4}Z9\d{4}$')
UNION
SELECT 'document' AS kind, doc_id AS id
FROM documents
WHERE TRY_CAST(aanhangselnummer AS BIGINT) >= 9000
ORDER BY kind, id
