-- Sets whose cross-check depends on the calendar as well as on the records (the grace period), checked
-- again after every TK sync: sets without a TK case and not yet listed as only_in_publications, sets
-- with an answer or notice younger than the grace period plus a margin (…_only_in_publications), and TK
-- cases without a set not yet listed as only_in_tk. Once listed, a key is re-derived when its records
-- change (tk_touched, or an ingest of its documents): few keys once the sources agree.
SELECT tk_records_chamber() AS chamber, qs.vraagnummer
FROM question_sets qs
WHERE qs.has_term
  AND ((qs.tk_case_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM source_disagreements sd
                        WHERE sd.chamber = qs.chamber AND sd.vraagnummer = qs.vraagnummer
                          AND sd.kind = 'only_in_publications' AND sd.resolved_at IS NULL))
       OR greatest(qs.answered_on, qs.delay_notice_on)
          >= CAST(timezone('Europe/Amsterdam', now()) AS DATE) - CAST($grace_days AS INTEGER) - 3)
UNION
SELECT tk_records_chamber(), c.nummer
FROM tk_cases c
WHERE c.nummer IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM question_sets qs
                  WHERE qs.chamber = tk_records_chamber() AND qs.vraagnummer = c.nummer)
  AND NOT EXISTS (SELECT 1 FROM source_disagreements sd
                  WHERE sd.chamber = tk_records_chamber() AND sd.vraagnummer = c.nummer
                    AND sd.kind = 'only_in_tk' AND sd.resolved_at IS NULL);
