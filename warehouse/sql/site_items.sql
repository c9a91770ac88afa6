-- publish/: every question with its answer, per set.
SELECT chamber, vraagnummer, nr, question, answer, answer_refers_to
FROM question_items
ORDER BY chamber, vraagnummer, nr
