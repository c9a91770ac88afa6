-- Every set with its status as of today (today_amsterdam(), the one clock): questions_as_of(today).
CREATE OR REPLACE VIEW questions AS
SELECT * FROM questions_as_of(today_amsterdam());
