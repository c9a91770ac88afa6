-- publish/ (streaming build): the questions with their answers of the sets numbered $lo … $hi.
SELECT chamber, vraagnummer, nr, question, answer, answer_refers_to
FROM question_items
WHERE vraagnummer BETWEEN $lo AND $hi
ORDER BY vraagnummer, chamber, nr
