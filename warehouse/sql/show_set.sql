-- `kamervragen show`: one set with its status today; review_open_reasons: its unsettled review
-- reasons (review_items itself is left out: render_review prints the reasons).
SELECT * EXCLUDE (review_items),
       [x.reason FOR x IN review_items IF NOT x.settled] AS review_open_reasons
FROM questions
WHERE vraagnummer = $vraagnummer
ORDER BY chamber
