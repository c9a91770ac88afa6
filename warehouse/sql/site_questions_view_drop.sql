DROP VIEW IF EXISTS temp.main.questions
