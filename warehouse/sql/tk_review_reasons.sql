-- Review reasons from the cross-check (warehouse/sql/tk_crosscheck.sql): every disagreement in force
-- that could change the verdict of a set in _rebuild_keys, as one sentence with both values.
CREATE OR REPLACE TEMP TABLE _extra_review_reasons AS
SELECT chamber, vraagnummer, since,
       CASE kind
           WHEN 'submitted_on_differs' THEN 'sources disagree on the submitted date: ' || ours
               || ' in the publication, ' || theirs || ' in the Tweede Kamer''s records'
           WHEN 'answered_on_differs' THEN 'sources disagree on the answer''s received date: ' || ours
               || ' in the publication, ' || theirs || ' in the Tweede Kamer''s records'
           WHEN 'answer_only_in_tk' THEN 'the Tweede Kamer''s records hold an answer of ' || theirs
               || ' that is not published (yet)'
           WHEN 'notice_only_in_tk' THEN 'the Tweede Kamer''s records hold a delay notice of ' || theirs
               || ' that is not published (yet)'
           WHEN 'done_in_tk_but_open' THEN
               'the Tweede Kamer''s records mark the case done (afgedaan) while no answer is published'
           ELSE 'sources disagree: ' || kind || ' (' || coalesce(ours, '-') || ' / ' || coalesce(theirs, '-') || ')'
       END AS reason
FROM source_disagreements
WHERE resolved_at IS NULL AND verdict_changing
  AND (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _rebuild_keys);
