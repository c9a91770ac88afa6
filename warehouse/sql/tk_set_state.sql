-- One set's standing in the Tweede Kamer's records: 'matched' (a TK case), 'not_yet_synced' (no case, and
-- the set started before the horizon of a bounded first sync whose history is still unread), 'absent'
-- (no case, the records read that far), 'never_synced' (the TK feed was never read); NULL for an
-- Eerste Kamer set or an unknown one. With the horizon's date.
SELECT CASE
           WHEN qs.tk_case_id IS NOT NULL THEN 'matched'
           WHEN NOT cov.synced THEN 'never_synced'
           WHEN NOT cov.history_complete
                AND coalesce(qs.submitted_on, qs.first_document_on)
                    < CAST(timezone('Europe/Amsterdam', cov.synced_from) AS DATE) THEN 'not_yet_synced'
           ELSE 'absent'
       END AS state,
       CAST(timezone('Europe/Amsterdam', cov.synced_from) AS DATE) AS synced_from
FROM question_sets qs, tk_coverage cov
WHERE qs.chamber = tk_records_chamber() AND qs.vraagnummer = $vraagnummer;
