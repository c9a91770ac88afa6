-- The disagreements in force, newest first, with the set's title.
CREATE OR REPLACE VIEW source_disagreements_open AS
SELECT sd.chamber, sd.vraagnummer, qs.title, sd.kind, sd.field, sd.ours, sd.theirs,
       sd.verdict_changing, sd.first_seen, sd.last_seen
FROM source_disagreements sd
LEFT JOIN question_sets qs USING (chamber, vraagnummer)
WHERE sd.resolved_at IS NULL
ORDER BY sd.first_seen DESC, sd.vraagnummer, sd.kind;
