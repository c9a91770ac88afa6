-- publish/ home page: documents that could not be read (open rejects), per stage.
SELECT stage, count(*) AS n FROM rejects WHERE NOT resolved GROUP BY stage ORDER BY stage
