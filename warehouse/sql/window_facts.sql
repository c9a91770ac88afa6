-- warehouse/completeness.py `window_facts`: the Tweede Kamer sets submitted from $since on, those of them
-- without a TK case, the texts still queued, and the notices whose kind is not known (`other`).
SELECT
    (SELECT count(*) FROM question_sets WHERE chamber = tk_records_chamber() AND submitted_on >= $since) AS tk_sets_in_window,
    (SELECT count(*) FROM question_sets
     WHERE chamber = tk_records_chamber() AND submitted_on >= $since AND tk_case_id IS NULL) AS without_tk_case,
    (SELECT count(*) FROM backfill_texts) AS texts_queued,
    (SELECT count(*) FROM documents
     WHERE kind = 'notice' AND coalesce(notice_kind, 'other') = 'other') AS notices_kind_unknown;
