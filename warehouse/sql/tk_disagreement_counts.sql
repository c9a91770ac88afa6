SELECT kind, count(*) AS n FROM source_disagreements WHERE resolved_at IS NULL GROUP BY kind ORDER BY kind;
