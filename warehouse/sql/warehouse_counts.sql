-- warehouse/read.py: how many question sets and documents are stored.
SELECT (SELECT count(*) FROM question_sets) AS sets, (SELECT count(*) FROM documents) AS documents;
