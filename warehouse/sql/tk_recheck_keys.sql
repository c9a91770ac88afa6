-- Sets whose cross-check depends on the calendar as well as on the records (the grace period), checked
-- again after every TK sync: Tweede Kamer written sets without a TK case (only_in_publications), sets
-- with an answer or notice younger than the grace period plus a margin (…_only_in_publications), and TK
-- cases without a set (only_in_tk). A small set once the sources agree.
SELECT tk_records_chamber() AS chamber, vraagnummer
FROM question_sets
WHERE has_term
  AND (tk_case_id IS NULL
       OR greatest(answered_on, delay_notice_on)
          >= CAST(timezone('Europe/Amsterdam', now()) AS DATE) - CAST($grace_days AS INTEGER) - 3)
UNION
SELECT tk_records_chamber(), c.nummer
FROM tk_cases c
WHERE c.nummer IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM question_sets qs WHERE qs.chamber = tk_records_chamber() AND qs.vraagnummer = c.nummer);
