-- MCP: every party named on a set (as written), to check a `party` argument against.
SELECT DISTINCT unnest(parties) AS party FROM question_sets ORDER BY party
