-- `questions` as of the site's day for this connection: a temporary view over the table macro (a view
-- cannot hold a prepared parameter, so {as_of} is filled in with the day's ISO date by site_read.py).
CREATE OR REPLACE TEMP VIEW questions AS SELECT * FROM questions_as_of(DATE '{as_of}')
