-- MCP `disagreements`: where the publications and the Tweede Kamer's records disagree now
-- (source_disagreements_open), optionally of one kind, newest first, with the set's question URL
-- and Tweede Kamer case id; `total`: the number before $limit.
SELECT d.vraagnummer, d.chamber, d.title, d.kind, d.field, d.ours, d.theirs, d.verdict_changing,
       d.first_seen, d.last_seen, q.question_url, q.tk_case_id,
       count(*) OVER () AS total
FROM source_disagreements_open d
LEFT JOIN question_sets q USING (chamber, vraagnummer)
WHERE $kind IS NULL OR d.kind = $kind
ORDER BY d.first_seen DESC, d.vraagnummer, d.kind, d.field
LIMIT $limit
