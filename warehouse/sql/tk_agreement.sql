-- kamervragen crosscheck: Tweede Kamer written sets, those with a TK case, and those of them with a
-- disagreement in force (any kind).
SELECT count(*) AS sets,
       count(*) FILTER (WHERE tk_case_id IS NOT NULL) AS with_case,
       count(*) FILTER (WHERE tk_case_id IS NOT NULL AND EXISTS (
           SELECT 1 FROM source_disagreements sd
           WHERE sd.chamber = qs.chamber AND sd.vraagnummer = qs.vraagnummer AND sd.resolved_at IS NULL))
           AS disagreeing
FROM question_sets qs
WHERE has_term;
