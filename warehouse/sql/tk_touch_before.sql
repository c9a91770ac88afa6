-- When the history is complete: queue the Tweede Kamer sets that started before the bounded start's
-- horizon, so their cross-check (skipped as "not yet synced" until now) runs.
INSERT OR IGNORE INTO tk_touched
SELECT DISTINCT vraagnummer FROM question_sets
WHERE chamber = tk_records_chamber() AND coalesce(submitted_on, first_document_on) < $before;
