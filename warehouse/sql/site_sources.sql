-- publish/ home page: each source series with the end of its last successful run.
SELECT series, value AS watermark, updated_at FROM watermarks ORDER BY series
