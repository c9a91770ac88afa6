-- `kamervragen show`: one set with its status today.
SELECT * FROM questions WHERE vraagnummer = $vraagnummer ORDER BY chamber
